build-asan/obj/src/util/csvread.o: src/util/csvread.c src/util/csvread.h
src/util/csvread.h:
