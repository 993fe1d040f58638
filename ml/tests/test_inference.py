from concurrent.futures import ThreadPoolExecutor

import pytest

from ml.inference import Predictor
from ml.preprocess import BlankImageError
from ml.weights import SHIPPED_WEIGHTS
from testing.images import draw_seven, png

SHIPPED = SHIPPED_WEIGHTS


@pytest.fixture(scope="module")
def predictor():
    return Predictor.from_checkpoint(SHIPPED)


def test_predictor_returns_digit_ten_probabilities_summing_to_one_and_preview(predictor):
    (prediction,) = predictor.predict([png(draw_seven(280, (60, 50, 220, 230), 18))])
    assert prediction.digit == 7
    assert len(prediction.probabilities) == 10
    assert abs(sum(prediction.probabilities) - 1.0) < 1e-9
    assert prediction.confidence == max(prediction.probabilities)
    assert prediction.preview.size == (28, 28)


def test_predictor_predicts_a_batch_in_order(predictor):
    images = [png(draw_seven(280, (60, 50, 220, 230), 18)), png(draw_seven(200, (20, 20, 180, 180), 14))]
    assert [p.digit for p in predictor.predict(images)] == [7, 7]


def test_predictor_gives_identical_answers_from_many_threads(predictor):
    image = png(draw_seven(280, (60, 50, 220, 230), 18))
    expected = predictor.predict([image])[0].probabilities
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: predictor.predict([image])[0].probabilities, range(64)))
    assert all(result == expected for result in results)


def test_predictor_raises_preprocess_errors(predictor):
    from PIL import Image

    with pytest.raises(BlankImageError):
        predictor.predict([png(Image.new("RGB", (100, 100), "white"))])
