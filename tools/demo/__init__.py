"""The bundled demo: a simulated Mossbrew account written as a real Meta export, plus the Mossbrew brand book."""
