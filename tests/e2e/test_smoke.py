async def test_smoke(classroom):
    card = await classroom.teacher.slash("quiz start", lesson="fine-tuning")
    print(card)
    q = await classroom.alice.click("Start quiz")
    print(q.text, q.labels)
    r = await classroom.alice.click(q.labels[0])
    print(r.text, r.labels)
    print(classroom.fake.rejected())
