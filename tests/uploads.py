"""A request body for upload-limit tests that counts how much of it the server reads."""

import io


class GuardedStream(io.RawIOBase):
    """A request body of ``size`` bytes that counts how much of it is read."""

    def __init__(self, head: bytes, size: int):
        self.head, self.size, self.read_bytes = head, size, 0

    def readable(self):
        return True

    def read(self, n=-1):
        n = self.size - self.read_bytes if n is None or n < 0 else n
        n = min(n, self.size - self.read_bytes)
        start, self.read_bytes = self.read_bytes, self.read_bytes + n
        head = self.head[start : start + n]
        return head + b"0" * (n - len(head))

    def readline(self, *args):
        return self.read(*args)
