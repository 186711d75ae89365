"""What the answers say: live aggregates, cross-tabulations, free text, exports."""
