"""A tiny data directory in the real file formats of every corpus (see ../shared/data/README.md)."""

import csv
import gzip
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

HARD_WRAPPED_COCOA_BODY = (
    "Showers continued throughout the week in\n"
    "the Bahia cocoa zone, alleviating the drought, Comissaria Smith\n"
    "said in its weekly review.\n"
    "    The dry period means the temporao will be late.\n"
    "\n"
    "    Arrivals were 155,221 bags of cocoa.\n"
    " Reuter\n"
)


GLUED_PARAGRAPHS = (
    "2070 is a great year for Mother Earth.That's when NASA expects a recovery. "
    "The U.S. agency saw 3.5 pct less chlorine in 2012.Researchers called it "
    '"good news."The team was happy."We are thrilled," said Dr. Strahan.'
)


def _webis17_row(post_id, text, split, truth_mean=0.2, truth_class="no-clickbait"):
    return {
        "id": post_id,
        "split": "clickbait17-train-170630",
        "postText": text,
        "truthMean": truth_mean,
        "truthMedian": 0.0,
        "truthMode": 0.0,
        "truthJudgments": [0.0, 0.0, 0.3333333333, 0.3333333333, 0.3333333333],
        "truthClass": truth_class,
        "bowen_split": split,
    }


WEBIS17_POSTS = [
    _webis17_row("1", "Malls are dying, but it's hard to profit from their death via", "train"),
    _webis17_row(
        "2", "You won't believe what Jones &amp; Co did (via @buzzfeed", "test", 0.93, "clickbait"
    ),
    _webis17_row("3", "  The top 10\tcomic   books ", "train"),
    _webis17_row("4", "The top 10 comic books", "test", 0.73, "clickbait"),
    _webis17_row("5", "Ten reasons to smile", "train"),
    _webis17_row("6", "Ten reasons to smile", "train"),
    _webis17_row("7", "via", "train"),
    _webis17_row("8", "Send kisses to a loved one via iPhone", "train"),
]


FIXTURE_FILES = {
    "webis17/posts_truth.jsonl.gz": WEBIS17_POSTS,
    "webis17/post_title_pairs.jsonl.gz": [
        {**WEBIS17_POSTS[0], "targetTitle_inferred": "This Big Short Threatens to Be a Big Bust"},
        {**WEBIS17_POSTS[3], "targetTitle_inferred": " The Top 10 Comic\u00a0Books  [Video]"},
    ],
    "webis22/validation.jsonl.gz": [
        {
            "postId": "5",
            "postText": ["Webis-17 post under another text"],
            "targetParagraphs": ["A body."],
            "targetTitle": "A title",
        },
        {
            "postId": "v1",
            "postText": ["NASA sets date", "for  ozone recovery"],
            "targetParagraphs": ["First  paragraph.", "Ozone &amp; chlorine\nfall."],
            "targetTitle": "NASA: ozone hole heals by 2070",
        },
        {
            "postId": "v2",
            "postText": ["The top 10 comic books"],
            "targetParagraphs": ["A body of a post that Webis-17 already has."],
            "targetTitle": "Comics",
        },
        {
            "postId": "v3",
            "postText": ["What this dog did"],
            "targetParagraphs": ["It sat."],
            "targetTitle": "",
        },
    ],
    "webis22/test_inputs.jsonl.gz": [
        {"row": 0, "postText": ["This simple item saves lives"], "targetParagraphs": ["Soap."]},
        {"row": 1, "postText": ["NASA sets date for ozone recovery"], "targetParagraphs": ["B."]},
    ],
    "webis22/train_phrase_subset.jsonl.gz": [
        {
            "postId": "p1",
            "postText": "Ozone hole will heal",
            "targetParagraphs_joined": GLUED_PARAGRAPHS,
        },
        {
            "postId": "v1",
            "postText": "Same id as a validation post",
            "targetParagraphs_joined": "X.",
        },
    ],
    "fnc1/train_stances.csv.gz": [
        ["Headline", "Body ID", "Stance"],
        ["Hundreds of  Palestinians flee floods", "0", "agree"],
        ["Spider burrowed through tourist's stomach", "1", "unrelated"],
        ["Hundreds of Palestinians flee floods", "1", "unrelated"],
    ],
    "fnc1/train_bodies.csv.gz": [
        ["Body ID", "articleBody"],
        ["0", 'Officials said "the dams" were opened. \nHomes were flooded.\n\nHundreds fled.'],
        ["1", "A spider, the report says, was found."],
    ],
    "fnc1/competition_test_stances.csv.gz": [
        ["Headline", "Body ID", "Stance"],
        ["Zombie cat meows back to life", "7", "discuss"],
    ],
    "fnc1/competition_test_bodies.csv.gz": [
        ["Body ID", "articleBody"],
        ["7", "A cat was found."],
    ],
    "bbc/articles.jsonl.gz": [
        {
            "file": "bbc/business/001.txt",
            "category": "business",
            "title": "Ad sales boost Time  Warner profit",
            "body": "Quarterly profits jumped 76%.\n\nThe firm signed a communiqu&#233;.",
        },
        {
            "file": "bbc/business/002.txt",
            "category": "business",
            "title": "Copy of the first story",
            "body": "Quarterly profits jumped 76%.\n\nThe firm signed a communiqu&#233;.",
        },
        {
            "file": "bbc/tech/003.txt",
            "category": "tech",
            "title": "Broadband grows",
            "body": "More homes are online.\n - fast\n - cheap",
        },
    ],
    "reuters21578/title_body.jsonl.gz": [
        {"newid": 1, "title": "BAHIA COCOA REVIEW", "body": HARD_WRAPPED_COCOA_BODY},
        {
            "newid": 2,
            "title": "IBM <IBM> SAYS U.S. SALES ROSE",
            "body": "International Business Machines Corp, or IBM, said\n"
            "its U.S. sales rose &lt;5 pct&gt; last year.\n REUTER\n",
        },
        {
            "newid": 3,
            "title": "IMF LENDS TO JAMAICA",
            "body": "The International Monetary Fund lent money to\nJamaica.\n REUTER",
        },
        {"newid": 4, "title": "IMF MEETS", "body": "Ministers met the IMF staff.\n Reuter"},
        {"newid": 5, "title": "", "body": "A body without a title."},
        {"newid": 6, "title": "A TITLE WITHOUT A BODY", "body": "  \n"},
        {"newid": 7, "title": "BAHIA COCOA REVIEW REPEATED", "body": HARD_WRAPPED_COCOA_BODY},
    ],
    "chakraborty/clickbait_data.gz": [
        "You Won't Believe What  This Cat Did",
        "",
        "17 Dogs Who Are Better Than You",
        "Ambiguous Headline",
        "17 Dogs Who Are Better Than You",
    ],
    "chakraborty/non_clickbait_data.gz": ["Senate Passes Budget Bill", "", "Ambiguous Headline"],
    "claim_strength/eureka_press_release_claims.csv.gz": [
        ["release_id", "kind", "sentence", "label"],
        ["20824800-w-lss012611", "headline", "Low status increases depression risk", "3"],
        [
            "20824800-w-lss012611",
            "sentence",
            "Low status is linked to  depression &amp; pain.",
            "1",
        ],
        ["25347412-tjnj-mot102414", "sentence", "Injection drugs are a main route of HCV.", "3"],
        ["25347412-tjnj-mtf102414", "headline", "Injection drugs drive hepatitis C", "3"],
        ["25347412-tjnj-mtf102414", "sentence", "Injection drugs are a main route of HCV.", "3"],
        ["21632812-uom-nii071811", "sentence", "This release is available in French.", "0"],
    ],
    "claim_strength/pubmed_causal_language_use.csv.gz": [
        ["sentence", "label"],
        # Labels in the PubMed file's own coding: 1 direct causal, 3 correlational.
        ["PPARÎ´ activation reduced fibrosis at 70 Î¼g/d.", "1"],
        ["Women aged â‰¥70 years in the MÃ©decins sans FrontiÃ¨res cohort had more falls.", "3"],
        ["Médecins Sans Frontières ran the trial in São Paulo.", "0"],
        ["â€œMetformin may help.â€\x9d Â© 2016 American Cancer Society.", "2"],
        ["Sleeve dilatation occurred in 50\\\\xa0% of the \\\\ufeffpatients\\\\u2029.", "0"],
        ["None the less, juice was unlikely to be healthy.", "0"],
        ["Trial registration: not applicable.", "0"],
        ["None the less, juice was unlikely to be healthy.", "2"],
        ["Trial registration: not applicable.", "0"],
    ],
    "insciout/insciout_train.jsonl.gz": [
        {
            "original_file_id": "25-002",
            "press_release_conclusion": "The urgent  referral pathway is saving lives.",
            "press_release_strength": 3,
            "abstract_conclusion": "Use of the urgent referral pathway could be efficacious.",
            "abstract_strength": 2,
            "exaggeration_label": "exaggerates",
        },
        {
            "original_file_id": "22-001",
            "press_release_conclusion": "Affluent patients are 27% more likely to get the drugs.",
            "press_release_strength": 1,
            "abstract_conclusion": "Least deprived patients were 25% more likely to get them.",
            "abstract_strength": 1,
            "exaggeration_label": "same",
        },
        {
            "original_file_id": "11-040",
            "press_release_conclusion": "Exercise may be linked to &quot;better&quot; sleep.",
            "press_release_strength": 1,
            "abstract_conclusion": "Exercise improves sleep.",
            "abstract_strength": 3,
            "exaggeration_label": "downplays",
        },
    ],
}


def write_fixture_file(path: Path, content: list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as stream:
        if path.name.endswith(".jsonl.gz"):
            stream.writelines(json.dumps(row) + "\n" for row in content)
        elif path.name.endswith(".csv.gz"):
            csv.writer(stream).writerows(content)
        else:
            stream.writelines(line + "\n" for line in content)


def by_id(records):
    return {record.id: record for record in records}


# Every file opened while files_opened_under runs, seen by an audit hook whatever function opens
# it (gzip, open, Path.open, os.open). A hook cannot be removed: it records nothing outside.
_recordings: list[list[str]] = []


def _record_open(event: str, args: tuple) -> None:
    if event == "open" and _recordings and isinstance(args[0], str | bytes | os.PathLike):
        _recordings[-1].append(os.fsdecode(args[0]))


sys.addaudithook(_record_open)


def files_opened_under(directory: Path, action: Callable[[], object]) -> set[str]:
    """Paths, relative to `directory`, of the files opened under it while `action` runs."""
    _recordings.append([])
    try:
        action()
    finally:
        opened = [Path(path).absolute() for path in _recordings.pop()]
    directory = directory.absolute()
    return {
        path.relative_to(directory).as_posix() for path in opened if path.is_relative_to(directory)
    }
