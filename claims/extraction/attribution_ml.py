"""Claim units and their claimants in a language other than English (see claims.extraction.speakers for the rules).

One unit per sentence, or one per clause when two sources share a sentence joined by a conjunction ("Трамп сказав,
що ..., а Зеленський заявив, що ..."). A trailing attribution after a quotation or a comma ("..., — заявив Лавров",
"..., según dijo un asesor") outranks an earlier verb. Sentences of a quotation that runs on without a cue take the
speaker named around it, as in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.extraction.attribution import Unit, propagate_quotes
from claims.extraction.grammar import Grammar
from claims.extraction.segment import HEADING, SENTENCE, Segment
from claims.extraction.speakers import FILL, Names, Tok, mask_quotes, tokens

PRONOUN, NAME, ROLE, DROPPED = "pronoun", "name", "role", "dropped"
_CLAUSE_ENDS = {".", ",", ";", ":", "!", "?", "…", "(", ")"}
_NEGATIONS = frozenset({"не", "no", "ne", "n'", "nicht", "não", "nie", "ни"})


@dataclass(slots=True)
class Found:
    cue: str
    start: int  # token indexes of the claimant phrase, inclusive
    end: int
    kind: str
    parenthetical: bool
    subject: bool  # the phrase stands before its verb


class Sentence:
    def __init__(self, grammar: Grammar, names: Names, toks: list[Tok]):
        self.g, self.names, self.toks = grammar, names, toks

    def word(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i].is_word

    def lower(self, i: int) -> str:
        return self.toks[i].lower if 0 <= i < len(self.toks) else ""

    def pronoun(self, i: int) -> str:
        lw = self.lower(i)
        return lw if lw in self.g.person_pronouns | self.g.group_pronouns else ""

    def name(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.names.is_name_word(self.toks[i])

    def skip_back(self, j: int) -> int:
        """Past auxiliaries, clitics, adverbs and a day standing between a subject and its verb."""
        while j >= 0:
            lw = self.lower(j)
            if lw in self.g.between and not self.pronoun(j):
                j -= 1
            elif self.toks[j].text in self.g.time_words or lw in self.g.time_words:
                j -= 1
                if self.lower(j) in self.g.time_prepositions:
                    j -= 1
            else:
                return j
        return j

    def chain_back(self, j: int) -> int:
        k = j
        while k - 1 >= 0 and (self.name(k - 1) or (self.lower(k - 1) in self.g.name_particles and self.name(k - 2))):
            k -= 1
        return k

    def chain_forward(self, i: int) -> int:
        k = i
        while self.name(k + 1) or (self.lower(k + 1) in self.g.name_particles and self.name(k + 2)):
            k += 1
        return k

    def role_back(self, j: int) -> int | None:
        """Start of a role phrase ending at j ("американський президент", "el mandatario estadounidense")."""
        for head in (j, j - 1):
            if self.word(head) and not self.toks[head].is_capitalised and self.g.is_role(self.toks[head].text):
                k = head
                while k - 1 >= 0 and j - (k - 1) < 3 and self.word(k - 1) and not self.toks[k - 1].is_capitalised:
                    lw = self.lower(k - 1)
                    if lw in self.g.conjunctions | self.g.complementizers or lw in self.g.verbs:
                        break
                    k -= 1
                return k
        return None

    def forward(self, i: int) -> tuple[int, int, str] | None:
        """The claimant phrase right after the verb at i ("заявив Лавров", "dijo un asesor", "sagte er")."""
        first = k = i + 1
        while self.lower(k) in self.g.articles or (self.toks[k : k + 1] and self.toks[k].text in ("M.", "Mme")):
            k += 1
        if self.pronoun(k):
            return k, k, PRONOUN
        if self.name(k) and not self.g.is_role(self.toks[k].text):
            return k, self.chain_forward(k), NAME
        for head in range(k, min(k + 4, len(self.toks))):
            if self.word(head) and self.g.is_role(self.toks[head].text):
                return first, head, ROLE
            if not self.word(head) or self.toks[head].is_capitalised:
                return None
        return None

    def clause_ends(self, end: int) -> bool:
        """Nothing that makes the phrase an object follows it: no "that"-clause ("доповів Путіну, що")."""
        nxt = self.lower(end + 1)
        if nxt in self.g.complementizers:
            return False
        return not (nxt == "," and self.lower(end + 2) in self.g.complementizers)

    def after_punctuation(self, j: int) -> bool:
        return j < 0 or self.toks[j].text in _CLAUSE_ENDS | set("—–-") or self.toks[j].text.startswith(FILL)

    def apposition(self, j: int, first_cue: bool) -> tuple[int, int] | None:
        """The subject of a verb preceded by a comma: a name between commas, or the name opening the sentence."""
        k = j - 1
        if self.name(k):
            start = self.chain_back(k)
            if start == 0 or self.toks[start - 1].text == "," or self.names.grammar.is_title(self.toks[start - 1].text):
                return start, k
        if not first_cue:
            return None
        s = 0
        while s < j and (
            self.g.is_title(self.toks[s].text)
            or self.lower(s) in self.g.name_particles
            or self.toks[s].text in self.g.capitalised_stopwords
        ):
            s += 1
        if (self.name(s) and s > 0) or (self.name(s) and self.name(s + 1)):
            e = self.chain_forward(s)
            if e + 1 < j and self.toks[e + 1].text == ",":
                return s, e
        return None

    def cue(self, i: int, first_cue: bool) -> Found | None:
        lw = self.toks[i].lower
        j = self.skip_back(self.auxiliary(i) - 1)
        if self.lower(j) in _NEGATIONS or self.lower(i - 1) in _NEGATIONS:
            return None
        if j >= 0 and self.word(j) and not self.after_according(j):
            if self.pronoun(j):
                return Found(lw, j, j, PRONOUN, False, True)
            if self.name(j) and self.lower(self.chain_back(j) - 1) not in self.g.prepositions:
                return Found(lw, self.chain_back(j), j, NAME, False, True)
            role = self.role_back(j)
            if role is not None:
                return Found(lw, role, j, ROLE, False, True)
        if j >= 0 and self.toks[j].text == ",":
            subject = self.apposition(j, first_cue)
            if subject is not None:
                return Found(lw, subject[0], subject[1], NAME, False, True)
        parenthetical = self.after_punctuation(j) or self.after_according(j)
        after = self.forward(i)
        if after is not None and self.clause_ends(after[1]):
            return Found(lw, after[0], after[1], after[2], parenthetical, False)
        if self.g.code in ("uk", "ru", "es", "pt") and (parenthetical or j < 0 or self.lower(j) in self.g.conjunctions):
            return Found(lw, i, i, DROPPED, parenthetical, False)
        return None

    def auxiliary(self, i: int) -> int:
        """Where the subject of a clause-final participle is sought: before its auxiliary ("Russland hat ...
        vorgeworfen"); elsewhere, before the verb itself."""
        for k in range(i - 1, -1, -1):
            text = self.toks[k].text
            if text in _CLAUSE_ENDS or text.startswith(FILL):
                break
            if self.lower(k) in self.g.perfect_auxiliaries:
                return k
        return i

    def after_according(self, j: int) -> bool:
        """ "según dijo X", "як заявив X": the verb is inside an according-to construction (one that is a single
        word, or a word and a reporting verb)."""
        word = self.lower(j)
        return any(
            seq[0] == word and (len(seq) == 1 or (len(seq) == 2 and seq[1] in self.g.verbs))
            for seq in self.g.according_to
        )

    def according(self, i: int) -> Found | None:
        if not any(seq[0] == self.toks[i].lower for seq in self.g.according_to):
            return None
        for seq in self.g.according_to:
            n = len(seq)
            if tuple(self.lower(i + m) for m in range(n)) != seq:
                continue
            k = i + n
            if self.lower(k) in self.g.verbs:
                return None  # "según dijo X": the verb's own claimant
            phrase = self.forward(k - 1)
            if phrase is not None:
                return Found(" ".join(seq), phrase[0], phrase[1], phrase[2], True, False)
        return None

    def find(self) -> list[Found]:
        found: list[Found] = []
        for i, tok in enumerate(self.toks):
            if not tok.is_word:
                continue
            according = self.according(i)
            if according is not None:
                found.append(according)
                continue
            if tok.lower not in self.g.verbs or (tok.is_capitalised and i > 0 and not self.after_punctuation(i - 1)):
                continue
            f = self.cue(i, first_cue=not found)
            if f is not None:
                found.append(f)
        return found

    def clause_start(self, f: Found) -> int:
        """Where the clause of a subject begins: before the titles and article of its name ("а губернатор ...")."""
        k = f.start
        while (
            k - 1 >= 0
            and self.word(k - 1)
            and (self.g.is_role(self.toks[k - 1].text) or self.lower(k - 1) in self.g.articles)
        ):
            k -= 1
        return k

    def phrase(self, f: Found, sentence: str) -> str:
        return sentence[self.toks[f.start].start : self.toks[f.end].end]


@dataclass(slots=True)
class Attributed:
    unit: Unit
    kind: str = ""
    chain: tuple[Tok, ...] = ()


def _units(grammar: Grammar, names: Names, text: str, seg: Segment, open_quote: bool) -> tuple[list[Attributed], bool]:
    sentence = text[seg.start : seg.end]
    masked, open_at_end, has_quote = mask_quotes(sentence, open_quote)
    toks = tokens(masked)
    s = Sentence(grammar, names, toks)
    found = s.find()
    base = {
        "has_quote": has_quote,
        "open_at_start": open_quote,
        "opens_with_quote": open_quote or sentence.lstrip()[:1] in '«„“"',
        "ends_with_colon": masked.rstrip().endswith(":"),
    }
    if not found:
        return [Attributed(Unit(seg.start, seg.end, seg, **base))], open_at_end
    chosen = [f for f in found if f.parenthetical][-1:] or found[:1]
    split = next(
        (
            f
            for f in found[1:]
            if f.subject
            and s.clause_start(f) >= 5
            and len(toks) - f.start >= 5
            and s.lower(s.clause_start(f) - 1) in grammar.conjunctions
            and s.phrase(f, sentence) != s.phrase(found[0], sentence)
        ),
        None,
    )
    if split is not None and not chosen[0].parenthetical:
        cut = toks[s.clause_start(split) - 1].start
        left_end = cut
        while left_end > 0 and sentence[left_end - 1] in " ,;":
            left_end -= 1
        return [
            _attributed(Unit(seg.start, seg.start + left_end, seg, cue=found[0].cue, **base), found[0], s),
            _attributed(Unit(seg.start + cut, seg.end, seg, cue=split.cue, **base), split, s),
        ], open_at_end
    return [_attributed(Unit(seg.start, seg.end, seg, cue=chosen[0].cue, **base), chosen[0], s)], open_at_end


def _attributed(unit: Unit, f: Found, s: Sentence) -> Attributed:
    chain = tuple(s.toks[f.start : f.end + 1])
    if f.kind == NAME and f.cue in s.g.verbs:  # "за словами Лаврова" names him in another case
        s.names.heard(s.names.person(list(chain)) or list(chain[-1:]))
    unit.raw_claimant = " ".join(t.text for t in chain) if f.kind != DROPPED else ""
    return Attributed(unit, f.kind, chain)


def attribute(text: str, segments: list[Segment], grammar: Grammar, names: Names) -> list[Unit]:
    """Claim units with claimant and cue, in text order; `names` are those of the article (and its title)."""
    attributed: list[Attributed] = []
    open_quote, paragraph, after_heading = False, None, False
    for seg in segments:
        if seg.kind != SENTENCE:
            after_heading = after_heading or seg.kind == HEADING
            continue
        if seg.paragraph != paragraph:
            open_quote, paragraph = False, seg.paragraph
        sentence_units, open_quote = _units(grammar, names, text, seg, open_quote)
        sentence_units[0].unit.after_heading, after_heading = after_heading, False
        attributed.extend(sentence_units)
    _resolve(attributed, names, grammar)
    units = [a.unit for a in attributed]
    propagate_quotes(units)
    return units


def _resolve(attributed: list[Attributed], names: Names, grammar: Grammar) -> None:
    last_person = last_group = ""
    for a in attributed:
        u = a.unit
        if not u.cue:
            continue
        if a.kind == PRONOUN:
            lw = u.raw_claimant.lower()
            person = lw in grammar.person_pronouns or lw.endswith(("-il", "-elle"))
            u.claimant = (last_person or names.person_before(u.start)) if person else last_group
        elif a.kind == DROPPED:
            u.claimant = last_person or names.person_before(u.start)
        elif a.kind == ROLE:
            u.claimant = names.holder(u.raw_claimant, last_person) or u.raw_claimant
        else:
            u.claimant, is_person = names.resolve(list(a.chain), last_person)
            if is_person:
                last_person = u.claimant
            else:
                last_group = u.claimant
