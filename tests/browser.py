"""How the browser tests and the playback benchmark start Debian's Chromium (never a download)."""

CHROMIUM_PATH = "/usr/bin/chromium"
# No background networking, sync or updates: this machine has no network beyond loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
