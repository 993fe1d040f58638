import torch

from ml import views as view_module
from ml.checkpoint import load_checkpoint
from ml.inference import Predictor
from ml.preprocess import MNIST_MEAN, MNIST_STD, normalise
from ml.views import READING_VIEWS, SINGLE_VIEW, in_views
from ml.weights import SHIPPED_WEIGHTS

PAPER = -MNIST_MEAN / MNIST_STD


def _bar() -> torch.Tensor:
    """A 1×1×28×28 normalised input: blank paper with a vertical bar through the centre."""
    pixels = torch.zeros(28, 28)
    pixels[6:22, 13:15] = 255
    return normalise(pixels).view(1, 1, 28, 28)


def test_the_first_view_is_the_input_as_it_is_and_the_others_follow_in_order():
    batch = torch.cat([_bar(), normalise(torch.zeros(1, 28, 28)).unsqueeze(0)])
    views = in_views(batch)
    assert views.shape == (len(READING_VIEWS) * 2, 1, 28, 28)
    assert torch.equal(views[:2], batch)


def test_a_batch_in_views_is_each_input_in_views_in_view_major_order():
    batch = torch.randn(3, 1, 28, 28)
    each = [in_views(batch[i : i + 1]) for i in range(3)]
    expected = torch.cat([one[v : v + 1] for v in range(len(READING_VIEWS)) for one in each])
    assert torch.equal(in_views(batch), expected)


def test_views_made_while_reading_still_let_gradients_through_afterwards():
    # The views' sampling grids are made once and kept: here while reading (in inference mode).
    view_module._grids_of_other_views.cache_clear()
    view_module._sampling_grid.cache_clear()
    with torch.inference_mode():
        in_views(_bar())
    image = _bar().requires_grad_()
    in_views(image).sum().backward()
    assert image.grad is not None and image.grad.abs().sum() > 0


def test_blank_paper_stays_blank_paper_in_every_view():
    paper = torch.full((1, 1, 28, 28), PAPER)
    assert torch.allclose(in_views(paper), torch.full_like(in_views(paper), PAPER), atol=1e-6)


def _lean(image: torch.Tensor) -> float:
    """How far the ink's column at the bottom lies right of its column at the top, in pixels."""
    columns = torch.arange(28).float()
    top, bottom = image[6:10], image[18:22]
    return float((bottom * columns).sum() / bottom.sum() - (top * columns).sum() / top.sum())


def _ink(image: torch.Tensor) -> float:
    return float(image.sum())


def test_the_turned_views_lean_the_ink_either_way_and_the_scaled_ones_shrink_and_grow_it():
    ink = in_views(_bar()) - PAPER
    assert abs(_lean(ink[0, 0])) < 1e-4
    assert _lean(ink[1, 0]) > 0.8 and _lean(ink[2, 0]) < -0.8  # the bands are 12 px apart: tan 6° × 12 ≈ 1.26
    assert _ink(ink[3, 0]) < 0.95 * _ink(ink[0, 0]) < _ink(ink[0, 0]) < 0.95 * _ink(ink[4, 0])


def test_the_predictor_averages_the_networks_answers_over_its_views():
    model = load_checkpoint(SHIPPED_WEIGHTS).model
    x = _bar()
    with torch.inference_mode():
        each = torch.softmax(model(in_views(x)).double(), dim=1)
    assert torch.allclose(Predictor(model).probabilities(x)[0], each.mean(0))
    assert torch.allclose(Predictor(model, views=SINGLE_VIEW).probabilities(x)[0], each[0])
