# ruff: noqa: E501  (sentences of fictional text read better whole)
"""Words for fictional questions and answers: the demo's history and the benchmark's.

Believable topics for a council's committees, with places and names invented for
Kingsmere. `compose()` builds a question and an answer from a seeded random source, so
the same seed always gives the same text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PLACES = (
    "Aldbury",
    "Westcote",
    "Mortimer",
    "Kingsmere town centre",
    "Harrow Green",
    "Fenwick",
    "St Aldhelm's",
    "Brookfield",
    "Lower Marsh",
    "Castle Ward",
    "Netherby",
    "Oakhampstead",
)
ROADS = (
    "Mill Lane",
    "the A412 ring road",
    "Station Road",
    "Church Street",
    "Market Street",
    "Fenwick Road",
    "the Brookfield roundabout",
    "Kings Avenue",
    "Harrow Lane",
)
FIRST_NAMES = (
    "Hannah",
    "David",
    "Aisha",
    "Tom",
    "Grace",
    "Samuel",
    "Priya",
    "Michael",
    "Fatima",
    "Owen",
    "Ruth",
    "Daniel",
    "Chloe",
    "Imran",
    "Margaret",
    "Joseph",
    "Ellen",
    "Kwame",
    "Sophie",
    "Liam",
    "Bethan",
    "Yusuf",
    "Catherine",
    "Patrick",
    "Zara",
    "George",
    "Niamh",
    "Arjun",
    "Olivia",
    "Rhys",
)
LAST_NAMES = (
    "Carter",
    "Okonkwo",
    "Pemberton",
    "Patel",
    "Lindqvist",
    "Morgan",
    "Ashdown",
    "Byrne",
    "Ahmed",
    "Whitfield",
    "Thornton",
    "Mensah",
    "Kowalski",
    "Price",
    "Sinclair",
    "Doyle",
    "Rahman",
    "Fletcher",
    "Adebayo",
    "Lockhart",
    "Holloway",
    "Nakamura",
    "Trevelyan",
    "Quinn",
    "Barker",
    "Oduya",
    "Ellison",
    "Finch",
)
TITLES = ("Mr", "Ms", "Mrs", "Dr", "Mx", "Miss")


@dataclass(frozen=True)
class Topic:
    post_hint: str  # a word in the answering post's title
    questions: tuple[str, ...]
    answers: tuple[str, ...]
    supplementaries: tuple[str, ...]


TOPICS = (
    Topic(
        "children",
        (
            "How many children's social workers in {place} are agency staff, and what is being done to recruit permanent social workers?",
            "Families in {place} are waiting months for an education, health and care plan. How many plans were issued within 20 weeks last year, and what will the council do to meet the legal deadline?",
            "What support is available for parents of children with special educational needs who are waiting for a school place in {place}?",
            "Following the inspection report, what has changed in the way the council listens to families whose children are in care?",
            "How many children were placed in residential homes outside the county this year, and how far from {place} are they living?",
            "Will the council reinstate the short breaks service for disabled children in {place} that closed last spring?",
            "Why was home to school transport withdrawn for children at the special school in {place}, and how were families consulted?",
        ),
        (
            "There are currently {n} agency social workers in children's services, {pct}% of the workforce. A recruitment campaign for permanent staff began in {month}, with a retention payment for experienced social workers.",
            "Last year {pct}% of education, health and care plans were issued within 20 weeks. Three additional caseworkers started in {month} and we expect to reach the national average by the end of the year.",
            "Families can contact the SEND information, advice and support service, which is independent of the council. We have also opened a drop-in session every Thursday at the {place} family hub.",
            "We have set up a parents' panel that meets every month, and its views go directly to the Director for Children and Young People. The panel has met {n} times since the inspection.",
            "{n} children live in residential homes outside the county. The average distance from home is {miles} miles. Our plan is to open two new homes in the county by {month}.",
            "The short breaks service is being recommissioned. A new provider will run sessions in {place} from {month}, and families who used the old service will be contacted first.",
            "Transport was reviewed against the council's travel assistance policy. Families were written to in {month}, and {n} appeals have been heard; a personal travel budget is offered where a route is withdrawn.",
        ),
        (
            "Will the council publish the retention figures each quarter?",
            "Can families who missed the deadline still get help with transport?",
            "Will the parents' panel include families from {place}?",
        ),
    ),
    Topic(
        "finance",
        (
            "How much did the council spend on consultants last year, and how much of that was for the {place} regeneration scheme?",
            "What will the council tax increase be next year, and how will residents on low incomes in {place} be protected?",
            "How much rent does the council receive from the shops it owns on {road}, and how many are empty?",
            "Why did the cost of the new leisure centre in {place} rise by {pct}%?",
            "How much money is held in the council's reserves, and what is it set aside for?",
        ),
        (
            "The council spent £{money} on consultants last year, of which £{money2} was for the {place} regeneration scheme. All contracts over £5,000 are published on our website.",
            "The proposed increase is {pct}%. The council tax reduction scheme will continue to give up to 100% support to working-age households on the lowest incomes.",
            "The council receives £{money} a year in rent from {n} shops on {road}. Two units are empty and are being marketed.",
            "The rise followed higher construction costs and the discovery of old mine workings on the site, which needed extra foundations. The full report is available with the Cabinet papers for {month}.",
            "General reserves stand at £{money}. Earmarked reserves are set aside for insurance, highways repairs and the children's services improvement plan.",
        ),
        (
            "Will the council publish the names of the consultancies?",
            "How many households receive the full reduction?",
        ),
    ),
    Topic(
        "leader",
        (
            "What is the council doing about potholes on {road}, which residents have reported repeatedly?",
            "When will the library in {place} reopen after the roof repairs?",
            "Will the council support a 20mph limit outside the primary school on {road}?",
            "How many homes in {place} were affected by flooding in the winter, and what flood defence work is planned?",
            "Why has the weekly food waste collection not started in {place} as promised?",
            "What is the council doing to reduce rough sleeping in {place}?",
            "When will the bus shelter on {road} be replaced after it was damaged?",
            "How will residents of {place} be consulted about the new local plan?",
        ),
        (
            "{road} was inspected in {month}. {n} potholes were repaired and the road is in this year's resurfacing programme.",
            "The roof repairs are finished and the {place} library will reopen in {month}, with longer opening hours on Saturdays.",
            "The council will consult on a 20mph limit on {road} this year. Speed surveys found an average speed of {n} mph at school times.",
            "{n} homes in {place} were flooded. The council and the Environment Agency are designing a flood alleviation scheme, with work expected to start in {month}.",
            "Food waste collections start in {place} in {month}, after delays in the delivery of new vehicles. Every household will receive a caddy and liners.",
            "The rough sleeper count in {month} found {n} people sleeping rough. Outreach workers visit {place} every morning and a new hostel with 20 rooms opens this year.",
            "A replacement shelter has been ordered and will be installed on {road} by {month}.",
            "There will be drop-in events in {place} and an online survey. Every household will receive a leaflet about the consultation in {month}.",
        ),
        (
            "Will the council publish the inspection schedule for {road}?",
            "Can residents report flooding through the website?",
            "Will the drop-in events be held in the evening?",
        ),
    ),
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "September", "October", "November")


def fill(template: str, rng: random.Random) -> str:
    return template.format(
        place=rng.choice(PLACES),
        road=rng.choice(ROADS),
        n=rng.randint(3, 60),
        pct=rng.randint(4, 38),
        miles=rng.randint(12, 140),
        month=rng.choice(MONTHS),
        money=f"{rng.randint(120, 4800):,},000",
        money2=f"{rng.randint(20, 110):,},000",
    )


def compose(rng: random.Random) -> tuple[Topic, str, str, str]:
    """(topic, question, answer paragraph(s) in Markdown, a supplementary question)."""
    topic = rng.choice(TOPICS)
    index = rng.randrange(len(topic.questions))
    # Fill both from one draw of names and numbers, so the answer speaks of the same place.
    state = rng.getstate()
    question = fill(topic.questions[index], rng)
    rng.setstate(state)
    answer = fill(topic.answers[index % len(topic.answers)], rng)
    supplementary = fill(rng.choice(topic.supplementaries), rng)
    return topic, question, answer, supplementary


def person(rng: random.Random) -> tuple[str, str, str, str]:
    """(title, first name, last name, town)."""
    return (
        rng.choice(TITLES),
        rng.choice(FIRST_NAMES),
        rng.choice(LAST_NAMES),
        rng.choice((*PLACES[:6], "Kingsmere")),
    )


# Who answers each question, by topic and question (in the order of `Topic.questions`):
# the posts any of which would be the right one to answer it.
CHILDREN = ("Cabinet member children and families", "Director for Children and Young People")
FINANCE = ("Cabinet member finance and corporate services",)
HOUSING = ("Cabinet member housing and communities",)
ENVIRONMENT = ("Cabinet member environment and transport",)
LEADER = ("Leader of the council",)
ANSWERED_BY: dict[str, tuple[tuple[str, ...], ...]] = {
    "children": (CHILDREN,) * 7,
    "finance": (FINANCE,) * 5,
    "leader": (
        ENVIRONMENT,  # potholes
        HOUSING,  # the library
        ENVIRONMENT,  # a 20mph limit
        ENVIRONMENT,  # flooding
        ENVIRONMENT,  # food waste collections
        HOUSING,  # rough sleeping
        ENVIRONMENT,  # a bus shelter
        LEADER,  # the local plan
    ),
}


def compose_for(rng: random.Random, posts: set[str]) -> tuple[str, str, str, str]:
    """Like `compose`, but only a question one of `posts` would answer: (the post, the
    question, the answer, a supplementary question)."""
    choices = [
        (topic, index, post)
        for topic in TOPICS
        for index, answerers in enumerate(ANSWERED_BY[topic.post_hint])
        for post in answerers
        if post in posts
    ]
    topic, index, post = rng.choice(choices)
    state = rng.getstate()
    question = fill(topic.questions[index], rng)
    rng.setstate(state)
    answer = fill(topic.answers[index % len(topic.answers)], rng)
    supplementary = fill(rng.choice(topic.supplementaries), rng)
    return post, question, answer, supplementary
