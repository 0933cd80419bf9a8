// Loaded blocking in <head>, before the first paint: styles for scripted pages apply at once (no flash).
document.documentElement.classList.replace("no-js", "js");
