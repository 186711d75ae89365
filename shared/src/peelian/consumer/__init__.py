"""Consuming events: at-least-once delivery with an exactly-once effect."""

from peelian.consumer.runner import ConsumerRunner, Handler, Handlers

__all__ = ["ConsumerRunner", "Handler", "Handlers"]
