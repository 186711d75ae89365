"""Accounts: citizens, staff and partner staff; anonymous reporters; self-service and admin."""
