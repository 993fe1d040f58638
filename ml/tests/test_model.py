import torch
import torch.nn.functional as F

from ml.model import LeNet5, LeNet5Config, max_pool_2x2, parameter_count


def test_lenet5_has_the_seed_topology_and_61706_parameters():
    model = LeNet5()
    assert parameter_count(model) == 61_706
    assert model.c1.weight.shape == (6, 1, 5, 5)
    assert model.c3.weight.shape == (16, 6, 5, 5)
    assert (model.f5.in_features, model.f5.out_features) == (400, 120)
    assert (model.f6.out_features, model.output.out_features) == (84, 10)


def test_lenet5_maps_a_batch_of_28x28_images_to_ten_logits():
    logits = LeNet5().eval()(torch.zeros(3, 1, 28, 28))
    assert logits.shape == (3, 10)


def test_lenet5_pads_to_32x32_so_c1_yields_6_maps_of_28x28():
    model = LeNet5()
    seen = {}
    model.c1.register_forward_hook(
        lambda module, inputs, output: seen.update(c1_in=inputs[0].shape, c1_out=output.shape)
    )
    model.c3.register_forward_hook(lambda module, inputs, output: seen.update(c3_out=output.shape))
    model(torch.zeros(1, 1, 28, 28))
    assert seen == {"c1_in": (1, 1, 32, 32), "c1_out": (1, 6, 28, 28), "c3_out": (1, 16, 10, 10)}


def test_lenet5_pads_with_the_normalised_background_value():
    config = LeNet5Config()
    assert abs(config.pad_value - (0 - 0.1307) / 0.3081) < 1e-9


def test_reading_pools_exactly_as_max_pool2d_even_for_odd_sides():
    generator = torch.Generator().manual_seed(0)
    for shape in [(5, 6, 28, 28), (3, 16, 10, 10), (2, 12, 28, 56), (1, 2, 7, 9)]:
        x = torch.randn(shape, generator=generator)
        with torch.inference_mode():
            assert torch.equal(max_pool_2x2(x), F.max_pool2d(x, 2))


def test_training_pools_with_max_pool2d_so_gradients_are_unchanged():
    x = torch.zeros(1, 1, 2, 2, requires_grad=True)  # four tied maxima
    max_pool_2x2(x).sum().backward()
    assert x.grad.flatten().tolist().count(1.0) == 1  # max_pool2d's gradient: one of the ties
