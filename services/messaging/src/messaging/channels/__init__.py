"""Channels besides the in-app inbox: email, push and SMS deliveries, queued at fan-out and
sent by a worker through each channel's adapter."""
