// opening.js: a classic script, the first of the page's head, run as the
// page is parsed and before its first paint (a few bytes, cached with the
// page's other files). A page opened at a share link (#s=…: share.js
// isShareHash) is marked `opening` on its root element: the stylesheet
// then hides the welcome the static page starts with, and app.js keeps
// the mark until the link's run is there, or refused (drawLesson). Without
// it the welcome showed for most of a second before the run replaced it.
if (location.hash.startsWith('#s=')) document.documentElement.classList.add('opening');
