// Files dropped anywhere on the drop zone go to its file input (the input itself also takes drops without this).
var zone = document.querySelector("label.drop"), input = document.getElementById("files");
["dragenter", "dragover"].forEach(function (name) {
  zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
});
zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
zone.addEventListener("drop", function (event) {
  event.preventDefault(); zone.classList.remove("over");
  if (event.target !== input) { input.files = event.dataTransfer.files; }
});
