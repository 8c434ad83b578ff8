"""Real-browser journey tests (Playwright + Debian's chromium)."""
