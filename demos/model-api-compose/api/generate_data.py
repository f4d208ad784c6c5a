"""Generates a synthetic data set of machined metal parts and how long each took.

Each row: the part's size (x, y, z in cm), its material, a complexity score from 1 to 10, the
machining process, and the time it took in minutes. The formula below is made up but plausible:
bigger, harder and more complex parts take longer, and every process has its own set-up time.
"""
import argparse
import csv
import random

MATERIAL_FACTOR = {"aluminum": 1.0, "copper": 1.3, "steel": 1.7}
PROCESS_SETUP_MIN = {"drilling": 15, "turning": 30, "milling": 45}


def machining_minutes(x, y, z, material, complexity, process, rng):
    volume_cm3 = x * y * z
    minutes = PROCESS_SETUP_MIN[process] + volume_cm3 / 60 * MATERIAL_FACTOR[material] + complexity * 12
    return max(5, round(minutes * rng.uniform(0.9, 1.1)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", default="parts.csv")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(args.out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["x_cm", "y_cm", "z_cm", "material", "complexity", "process", "time_min"])
        for _ in range(args.rows):
            x, y, z = (round(rng.uniform(2, 40), 2) for _ in range(3))
            material = rng.choice(list(MATERIAL_FACTOR))
            complexity = rng.randint(1, 10)
            process = rng.choice(list(PROCESS_SETUP_MIN))
            writer.writerow([x, y, z, material, complexity, process,
                             machining_minutes(x, y, z, material, complexity, process, rng)])
    print(f"wrote {args.rows} parts to {args.out}")


if __name__ == "__main__":
    main()
