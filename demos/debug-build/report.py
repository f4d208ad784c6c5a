"""Summarises data/prices.csv; run at build time so a broken data file fails the build early."""
import csv
from pathlib import Path

rows = list(csv.DictReader(Path("data/prices.csv").open()))
total = sum(float(row["eur_per_kg"]) for row in rows)
print(f"{len(rows)} materials, average price {total / len(rows):.2f} EUR/kg")
