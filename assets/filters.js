// filters.js - on Browse and Explore, the filters sit in a disclosure ("Filter (3 active)")
// so that on a phone the results come first. On a wide screen there is room beside the
// results: the disclosure is opened and the stylesheet hides its summary, so the filters
// read as a sidebar. Without JavaScript the disclosure simply stays closed until opened.
(function () {
	"use strict";
	if (!window.matchMedia) {
		return;
	}
	var wide = window.matchMedia("(min-width: 48rem)");
	function update() {
		if (!wide.matches) {
			return;
		}
		Array.prototype.forEach.call(document.querySelectorAll("details.filter-fold"), function (d) {
			d.open = true;
		});
	}
	if (wide.addEventListener) {
		wide.addEventListener("change", update);
	}
	update();
})();
