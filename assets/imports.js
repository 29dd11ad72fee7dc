// imports.js - on Provider reports, a large CSV file takes a while to send: the upload form is
// sent with XMLHttpRequest instead (the same fields, the button pressed and the CSRF token) so
// that a progress bar can show how much has gone, and the page the server answers with is then
// shown in place of this one. Without JavaScript the form is sent the ordinary way.
(function () {
	"use strict";
	var form = document.querySelector("form[data-upload-progress]");
	if (!form || !window.FormData || !window.XMLHttpRequest) {
		return;
	}
	var native = false;
	form.addEventListener("submit", function (e) {
		if (native) {
			return;
		}
		e.preventDefault();
		var data = new FormData(form);
		var button = e.submitter;
		if (button && button.name) {
			data.append(button.name, button.value);
		}
		var box = form.querySelector(".upload-progress");
		if (!box) {
			box = document.createElement("div");
			box.className = "field upload-progress";
			var label = document.createElement("label");
			label.setAttribute("for", "f-upload-progress");
			label.textContent = form.getAttribute("data-progress-label");
			var bar = document.createElement("progress");
			bar.id = "f-upload-progress";
			bar.max = 100;
			bar.value = 0;
			var status = document.createElement("p");
			status.setAttribute("role", "status");
			status.setAttribute("aria-live", "polite");
			box.appendChild(label);
			box.appendChild(bar);
			box.appendChild(status);
			form.appendChild(box);
		}
		var progress = box.querySelector("progress");
		var text = box.querySelector("[role=status]");
		function show(n) {
			progress.value = n;
			text.textContent = form.getAttribute("data-progress-text").replace("{n}", String(n));
		}
		show(0);
		Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) {
			b.disabled = true;
		});
		var xhr = new XMLHttpRequest();
		// the attribute, not form.action: the buttons are named "action", and a form's named
		// controls shadow its properties (form.action would be the button, a wrong address)
		xhr.open("POST", form.getAttribute("action"));
		xhr.upload.onprogress = function (ev) {
			if (ev.lengthComputable && ev.total > 0) {
				show(Math.floor((ev.loaded * 100) / ev.total));
			}
		};
		xhr.upload.onload = function () {
			show(100);
			text.textContent = form.getAttribute("data-progress-done");
		};
		xhr.onload = function () {
			// the answer to the POST is a whole page: it replaces this one (asking for it again
			// would send the file a second time, or show the empty form)
			document.open();
			document.write(xhr.responseText);
			document.close();
		};
		xhr.onerror = function () {
			native = true;
			Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) {
				b.disabled = false;
			});
			box.parentNode.removeChild(box);
			if (form.requestSubmit) {
				form.requestSubmit(button || undefined);
			} else {
				form.submit();
			}
		};
		xhr.send(data);
	});
})();
