"""The bounded map of recently used entries."""

from bot.quiz.recent import Recent


def test_it_keeps_at_most_its_size_and_forgets_the_least_recently_used():
    recent = Recent[int, str](2)
    recent.put(1, "one")
    recent.put(2, "two")
    assert recent.get(1) == "one"  # now 2 is the least recently used
    recent.put(3, "three")
    assert len(recent) == 2
    assert recent.get(2) is None
    assert (recent.get(1), recent.get(3)) == ("one", "three")
    recent.put(1, "uno")  # putting again replaces, and counts as a use
    recent.put(4, "four")
    assert (recent.get(1), recent.get(3), recent.get(4)) == ("uno", None, "four")
