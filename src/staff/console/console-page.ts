/**
 * The staff console's only HTML: a shell the script fills in. No inline script or style, so the
 * Content-Security-Policy (`script-src 'self'`, `style-src 'self'`) holds.
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Frontdesk staff console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/staff/assets/console.css">
<script type="module" src="/staff/assets/console.js"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="topbar" id="topbar" hidden>
  <div class="brand"><span class="logo">Frontdesk</span> <span id="practice-name" class="practice"></span> <span id="practice-status" class="practice-status"></span></div>
  <nav id="nav" class="nav" aria-label="Console sections"></nav>
  <div class="me"><span id="me-name"></span> <button type="button" id="logout" class="button-quiet">Sign out</button></div>
</header>
<div id="banner" class="banner" role="status" aria-live="polite" hidden></div>
<main id="main" tabindex="-1"><noscript>The staff console needs JavaScript.</noscript></main>
<div id="toast" class="toast" role="status" aria-live="polite"></div>
</body>
</html>
`;
