"""File ▸ Back up now, File ▸ Restore…, automatic backups and the damaged-file dialog."""
