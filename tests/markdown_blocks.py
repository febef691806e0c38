"""Checks a Markdown handout as a CommonMark renderer shows it.

    /usr/bin/python3 tests/markdown_blocks.py HTML EXPECTED

HTML is what `cmark` made of the handout.  Its text is cut into blocks
(headings, paragraphs, list items, table cells), each with its white
space squeezed to single spaces, as a browser shows it.  Each line of
EXPECTED is one requirement:

    = TEXT    some block's text is exactly TEXT
    ^ TEXT    some block's text starts with TEXT

The texts in EXPECTED are the lesson's own, so a requirement holds only
when the handout escaped every character the renderer would otherwise
have read as syntax.  Prints one line per requirement not met (with the
closest block) and exits 1 when there is one.
"""
import difflib
import html.parser
import sys

BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th",
          "pre", "blockquote", "ul", "ol", "hr", "table", "tr"}


class Blocks(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.now = [], []

    def cut(self):
        text = " ".join("".join(self.now).split())
        if text:
            self.blocks.append(text)
        self.now = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.cut()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.cut()

    def handle_data(self, data):
        self.now.append(data)


def main():
    parser = Blocks()
    with open(sys.argv[1], encoding="utf-8") as f:
        parser.feed(f.read())
    parser.close()
    parser.cut()
    blocks = parser.blocks
    missed = 0
    with open(sys.argv[2], encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            how, want = line[0], " ".join(line[2:].split())
            if how == "=":
                ok = want in blocks
            else:
                ok = any(b.startswith(want) for b in blocks)
            if not ok:
                near = difflib.get_close_matches(want, blocks, 1, 0.0)
                print("no block %s '%s' (closest: '%s')"
                      % ("is" if how == "=" else "starts with", want,
                         near[0] if near else ""))
                missed += 1
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
