"""Parity of the Scorer's lean path with the fitted pipelines, shared by the fixture-level test
(tests/model/test_lean_parity.py) and the held-out one on real corpora (tests/training).

The lean scores are held to the pipelines' `predict_proba`; each explanation to the one read off
the pipeline's own numbers: `pipeline_evaluation` is the lean evaluation with every number
replaced by the fitted pipeline's (each part's block of `features.transform`, the decisions of
`decision_function`), so the two explanations can differ only if the lean numbers do.
"""

import math
import random
from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from model.explain import Explainer, Explanation
from model.lean import Evaluation, LeanPipeline, SparseRows, output_slices
from model.pipeline import HeadlineLogit, with_body_mask
from model.scorer import Article, Scorer
from model.text import Body
from service.html_text import html_to_text

TOLERANCE = 1e-9
# Unicode that trips tokenisers and sentence splitting: case folding that changes length,
# combining marks, ligatures, final sigma, right-to-left and CJK text, emoji with joiners,
# zero-width, non-breaking and ideographic spaces, full-width digits, curly quotes, a lone
# surrogate and control characters.
ODD = [
    "İstanbul DİKKAT ıspanak 3× arttı!",
    "Straße STRASSE Maß GROẞE",
    "Cafe\u0301 Café décor naïve coöperate",
    "ﬁnance ﬂows ﬀ ﬃ",
    "ΟΔΥΣΣΕΥΣ Οδυσσέας σώζεις",
    "مرحبا بالعالم الحكومة تعلن",
    "東京で地震が発生しました。被害は不明",
    "💉 works 👩🏽‍⚕️👨‍👩‍👧 ❤️‍🔥",
    "zero\u200bwidth\u200cjoin\u200d\u00a0nbsp\u2009thin\u3000wide",
    "Ｆｕｌｌ ｗｉｄｔｈ １２３",
    "“Curly” ‘quotes’ — dashes … ellipses´",
    "lone \ud800 surrogate \x00 nul \x07 bell\x1c",
]


def odd_variant(text: str, rng: random.Random) -> str:
    """`text` with odd Unicode put between some of its words."""
    words = text.split(" ")
    for _ in range(max(1, len(words) // 8)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(ODD))
    return " ".join(words)


def html_reduced(body: str) -> str:
    """`body` as a CMS sends it (paragraphs, markup, a script, entities), reduced to its text."""
    paragraphs = [p for p in body.split("\n") if p.strip()] or [body]
    markup = "".join(
        f"<p class='x'>{p.replace('&', '&amp;').replace('<', '&lt;')}<br/><em>&nbsp;</em></p>"
        for p in paragraphs
    )
    return html_to_text(
        f"<html><head><title>t</title></head><body><div>{markup}</div>"
        "<script>var x = '<p>not text</p>';</script></body></html>"
    )


def variants(headlines: list[str], bodies: list[str], seed: int = 0):
    """Rows as given, and each row again with odd Unicode (headline, body or both), with its
    body HTML-reduced, or with no body."""
    rng = random.Random(seed)
    out_h, out_b = list(headlines), list(bodies)
    for headline, body in zip(headlines, bodies, strict=True):
        kind = rng.randrange(5)
        if kind == 0:
            out_h.append(odd_variant(headline, rng)), out_b.append(body)
        elif kind == 1:
            out_h.append(headline), out_b.append(odd_variant(body, rng) if body else body)
        elif kind == 2:
            out_h.append(odd_variant(headline, rng)), out_b.append(odd_variant(body, rng))
        elif kind == 3:
            out_h.append(headline), out_b.append(html_reduced(body) if body else body)
        else:
            out_h.append(headline), out_b.append("")
    return out_h, out_b


def pipeline_evaluation(model: LeanPipeline, rows) -> Evaluation:
    """`model.evaluate(rows)` with every number the fitted pipeline's own."""
    lean = model.evaluate(rows)
    text_rows = np.array(
        [[value.text if isinstance(value, Body) else value for value in row] for row in rows],
        dtype=object,
    ).reshape(len(rows), -1)
    features = model.pipeline.steps[0][1]
    matrix = sp.csr_matrix(features.transform(text_rows))
    slices = output_slices(features)
    outputs = {}
    for name, _, part in model.parts:
        block = matrix[:, slices[name]].tocsr()
        block.sort_indices()
        output = lean.outputs[name]
        if isinstance(output, SparseRows):
            outputs[name] = SparseRows(block.indptr, block.indices, block.data)
        else:
            inner = None
            if output.inner is not None:
                inner = pipeline_evaluation(
                    part.source.model, HeadlineLogit.headline_rows(text_rows)
                )
            outputs[name] = replace(output, values=block.toarray(), inner=inner)
    return Evaluation(model.pipeline.decision_function(text_rows), outputs)


def assert_same_explanation(lean: Explanation, reference: Explanation) -> None:
    assert [(t.text, t.start, t.end) for t in lean.headline_terms] == [
        (t.text, t.start, t.end) for t in reference.headline_terms
    ]
    for ours, theirs in zip(lean.headline_terms, reference.headline_terms, strict=True):
        assert abs(ours.weight - theirs.weight) <= TOLERANCE
    # Reasons are sorted by weight: two within rounding of each other may swap places.
    by_code = {r.code: r for r in reference.reasons}
    assert sorted(r.code for r in lean.reasons) == sorted(by_code)
    for reason in lean.reasons:
        assert reason.message == by_code[reason.code].message
        assert abs(reason.weight - by_code[reason.code].weight) <= TOLERANCE
    assert lean.evidence == reference.evidence
    assert abs(lean.baseline - reference.baseline) <= TOLERANCE


def logit_of(explanation: Explanation) -> float:
    return (
        explanation.baseline
        + math.fsum(t.weight for t in explanation.headline_terms)
        + math.fsum(r.weight for r in explanation.reasons)
    )


def assert_lean_parity(scorer: Scorer, headlines: list[str], bodies: list[str]) -> dict:
    """The Scorer's scores and explanations against the pipelines' on these rows; returns how
    many rows each model answered and the largest differences seen."""
    scored = scorer.score_batch([Article(h, b) for h, b in zip(headlines, bodies, strict=True)])
    expected = scorer.model.predict_proba(headlines, bodies)
    alone = ~with_body_mask(bodies)
    assert [s.headline_only for s in scored] == alone.tolist()
    figures = {"rows": len(headlines), "headline_only": int(alone.sum())}
    worst_score = worst_logit = 0.0
    for headline_only, model in ((True, scorer.headline_only), (False, scorer.with_body)):
        chosen = np.flatnonzero(alone == headline_only)
        if not len(chosen):
            continue
        rows = [(headlines[i], Body(bodies[i])) for i in chosen]
        lean = model.evaluate(rows)
        probabilities = model.logistic.probability(lean.decisions)
        difference = np.abs(probabilities - expected[chosen])
        assert difference.max() <= TOLERANCE, f"lean vs predict_proba: {difference.max():.3g}"
        worst_score = max(worst_score, float(difference.max()))
        reference = pipeline_evaluation(model, rows)
        explainer = Explainer(model, headline_only)
        for k, i in enumerate(chosen):
            assert scored[i].score == round(float(probabilities[k]), 4)
            explanation = scored[i].explanation
            assert_same_explanation(explanation, explainer.explain(headlines[i], reference, k))
            logit = float(reference.decisions[k])
            worst_logit = max(worst_logit, abs(logit_of(explanation) - logit))
            assert abs(logit_of(explanation) - logit) <= TOLERANCE, (headlines[i], bodies[i])
    return figures | {"max_score_difference": worst_score, "max_logit_difference": worst_logit}
