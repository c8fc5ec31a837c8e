"""Server-rendered pages for case managers and admins (no CDN: every asset is local)."""
