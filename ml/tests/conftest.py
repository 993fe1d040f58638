import pytest

from ml.data import default_data_dir, load_mnist


@pytest.fixture(scope="session")
def mnist_test():
    """The real MNIST test set; missing data is an error, never a skip."""
    return load_mnist(default_data_dir(), train=False)
