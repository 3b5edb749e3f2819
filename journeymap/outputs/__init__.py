"""Turning results into text and pictures: one module or package per output, no computation of its own."""
