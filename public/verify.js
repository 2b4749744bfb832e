// Placeholder replaced by the browser verifier.
