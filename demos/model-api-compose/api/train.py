"""Trains a random forest that predicts machining time and saves it with joblib."""
import sys

import joblib
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

FEATURES = ["x_cm", "y_cm", "z_cm", "material", "complexity", "process"]


def main(data_path="parts.csv", model_path="model.joblib"):
    parts = pd.read_csv(data_path)
    train, test = train_test_split(parts, test_size=0.2, random_state=0)
    model = Pipeline([
        ("encode", ColumnTransformer(
            [("categories", OneHotEncoder(handle_unknown="ignore"), ["material", "process"])],
            remainder="passthrough")),
        ("forest", RandomForestRegressor(n_estimators=60, random_state=0, n_jobs=-1)),
    ])
    model.fit(train[FEATURES], train["time_min"])
    error = mean_absolute_error(test["time_min"], model.predict(test[FEATURES]))
    joblib.dump(model, model_path)
    print(f"trained on {len(train)} parts, mean absolute error {error:.1f} min, saved {model_path}")


if __name__ == "__main__":
    main(*sys.argv[1:])
