"""The reports this service knows: snapshots kept from report.submitted, and minimisation."""
