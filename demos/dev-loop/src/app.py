from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "time-prediction API, version 1\n"
