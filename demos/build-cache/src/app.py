import numpy as np

print(f"Layers demo: the mean of 1..100 is {np.arange(1, 101).mean()}")
