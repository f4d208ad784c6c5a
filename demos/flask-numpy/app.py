"""The smallest Flask app with a data-science dependency: a random number from NumPy."""
import numpy as np
from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "Try /random\n"


@app.get("/random")
def random_number():
    return f"Random number: {np.random.random()}\n"
