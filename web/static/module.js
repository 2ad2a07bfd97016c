// An address the GitLab pages' module draws goes to gitlab.html before the editor's module is loaded at all.
// Only a shortcut: the editor module sends any such address there too (`Route::module` in web/src/route.rs
// decides; this file knows only the three prefixes that are always GitLab's).
(function () {
  var hash = location.hash;
  if (/^#\/(gitlab(\/|$)|wall([/?]|$)|demo\/wall([?]|$))/.test(hash)) {
    location.replace("gitlab.html" + hash);
  }
})();
