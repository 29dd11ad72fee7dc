// signup.js - on the sign-up form, asks for the town or city only when the chosen county is
// split between two local workforce areas (Nassau, Westchester). Without JavaScript the form
// still works: the server asks for the town when it is missing.
(function () {
	"use strict";
	var county = document.getElementById("f-county");
	if (!county) {
		return;
	}
	var groups = document.querySelectorAll("[data-town-for]");
	function update() {
		Array.prototype.forEach.call(groups, function (g) {
			var on = g.getAttribute("data-town-for") === county.value;
			var select = g.querySelector("select");
			g.hidden = !on;
			if (select) {
				select.disabled = !on;
			}
		});
	}
	county.addEventListener("change", update);
	update();
})();
