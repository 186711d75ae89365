"""Peelian's common library: what every service and the gateway stand on."""
