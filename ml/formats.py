"""The image formats the site accepts: Pillow's name for each, and how clients name it."""

# Pillow format -> the extension a stored file of it gets.
EXTENSION_OF_FORMAT = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
ACCEPTED_FORMATS = frozenset(EXTENSION_OF_FORMAT)
# How a client may declare one: a MIME type (data URL, multipart) or a file name's extension.
FORMAT_OF_MIME = {"image/png": "PNG", "image/jpeg": "JPEG", "image/jpg": "JPEG", "image/webp": "WEBP"}
FORMAT_OF_EXTENSION = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP"}
