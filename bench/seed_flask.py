"""The student project's server, rebuilt from its description, as bench/api_load.py's baseline.

`POST /recognition {"image_data": "<base64 PNG>"}` writes the PNG to
`images/<random 1..10000>.png`, opens that file again, shrinks the whole canvas to 28×28
(ml/evaluation/seed_pipeline.py), runs LeNet-5 and answers `{"result": {"num": d, "pro": [...]}}`, on
Flask's own threaded server as `python app.py` runs it. The network is our shipped LeNet-5, so
the comparison is about the serving design, not the weights. Never part of the site.

Run alone: `.venv/bin/python -m bench.seed_flask --port 5000 --images /tmp/images`
"""

import argparse
import base64
import logging
import random
from pathlib import Path

from flask import Flask, request

from ml.evaluation.seed_pipeline import seed_prepare
from ml.inference import Predictor
from ml.views import SINGLE_VIEW
from ml.weights import SHIPPED_WEIGHTS


def create_app(images: Path, checkpoint: Path = SHIPPED_WEIGHTS) -> Flask:
    app = Flask(__name__)
    predictor = Predictor.from_checkpoint(checkpoint, views=SINGLE_VIEW)  # the seed reads once
    images.mkdir(parents=True, exist_ok=True)

    @app.post("/recognition")
    def recognition():
        image_data = request.get_json(force=True)["image_data"].split(",")[-1]
        path = images / f"{random.randint(1, 10000)}.png"  # the seed's naming: collisions overwrite
        path.write_bytes(base64.b64decode(image_data))
        with path.open("rb") as file:
            tensor = seed_prepare(file.read())
        probabilities = predictor.probabilities(tensor.unsqueeze(0))[0]
        return {"result": {"num": int(probabilities.argmax()), "pro": probabilities.tolist()}}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--images", type=Path, default=Path("images"))
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no per-request line on the terminal
    create_app(args.images).run(host="127.0.0.1", port=args.port, threaded=True)


if __name__ == "__main__":
    main()
