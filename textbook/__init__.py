"""The machinery of the executable Flask textbook: reading chapters, the pytest plugin, the
report and the command line. Kept small and plain; nothing here imports Flask."""
