// filters.js - on Browse, Explore and the staff lists, the filters sit in a disclosure
// ("Filter (3 active)"), and on staff pages the menu of staff pages too ("Staff pages"), so
// that on a phone the results come first. On a wide screen there is room: the disclosure is
// opened and the stylesheet hides its summary, so the filters read as a sidebar and the menu
// as a row of links. Without JavaScript a disclosure simply stays closed until opened.
(function () {
	"use strict";
	if (!window.matchMedia) {
		return;
	}
	var wide = window.matchMedia("(min-width: 48rem)");
	// opened here on a wide screen, folded again when the screen becomes narrow (a disclosure
	// the person opened stays open)
	function update() {
		Array.prototype.forEach.call(document.querySelectorAll("details.filter-fold, details.nav-fold"), function (d) {
			if (wide.matches && !d.open) {
				d.open = true;
				d.setAttribute("data-opened-wide", "");
			} else if (!wide.matches && d.hasAttribute("data-opened-wide")) {
				d.open = false;
				d.removeAttribute("data-opened-wide");
			}
		});
	}
	if (wide.addEventListener) {
		wide.addEventListener("change", update);
	}
	update();
})();
