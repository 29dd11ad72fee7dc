/* what learner.c and learner_list.c share */
