"""The class report: figures, item analysis, CSV files and a chart, from plain rows. No Discord, no I/O."""
