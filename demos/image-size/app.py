import partvolume

print(f"a 10 x 5 x 2 cm steel block: {partvolume.volume(10, 5, 2):.0f} cm3, computed in C")
