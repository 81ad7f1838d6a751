"""The demo council's questions, answers and meeting records. Fictional people and figures."""

from __future__ import annotations

from typing import Any

CABINET_MEMBER = "Cabinet member children and families"
DIRECTOR = "Director for Children and Young People"

COUNCIL: list[dict[str, Any]] = [
    {
        "title": "Ms",
        "first_name": "Leanne",
        "last_name": "Morris",
        "town": "Aldbury",
        "email": "leanne.morris@example.com",
        "to": CABINET_MEMBER,
        "question": (
            "Foster carers in Kingsmere were promised regular respite breaks when they were recruited. "
            "Several carers I know have waited more than a year for one.\n\n"
            "How many foster carers had a respite break in the last 12 months, and what will the council do "
            "so that every carer who needs a break gets one?"
        ),
        "answer": (
            "Thank you for your question. In the 12 months to the end of March, 61 of our 148 fostering "
            "households had at least one planned respite break. We know this is not enough, and that some "
            "carers have waited far too long.\n\n"
            "From this autumn we are:\n\n"
            "- appointing a respite coordinator, so every request has one named person responsible for it\n"
            "- recruiting six short-break carers who offer only respite, starting with two in Westcote\n"
            "- offering every carer a review of their support plan within 28 days of asking\n\n"
            "We will report progress to the Corporate Parenting Board every quarter."
        ),
        "at_meeting": {
            "supplementary": (
                "Thank you. When will the respite coordinator be in post, and will carers who have already "
                "waited a year be seen first?"
            ),
            "answered_by": "cabinet member children and families",
            "answer": (
                "The coordinator starts on 1 December. Yes: carers who have waited longest will be contacted "
                "first, and the fostering team will write to all of them before Christmas."
            ),
        },
    },
    {
        "title": "Mrs",
        "first_name": "Aisha",
        "last_name": "Rahman",
        "town": "Kingsmere",
        "email": "a.rahman@example.com",
        "publish_name": False,
        "to": CABINET_MEMBER,
        "question": (
            "My son waited 31 weeks for his education, health and care plan. The legal limit is 20 weeks. "
            "How many plans were issued on time last year, and how many families appealed?"
        ),
        "answer": (
            "Thank you for your question, and I am sorry your family waited so long.\n\n"
            "| Year | Plans issued | Issued within 20 weeks |\n"
            "| --- | --- | --- |\n"
            "| 2022 to 2023 | 412 | 38% |\n"
            "| 2023 to 2024 | 455 | 47% |\n"
            "| April to September this year | 251 | 63% |\n\n"
            "We have added four education psychologists to the team since April. Figures for appeals are "
            "held by the tribunal service, and we are checking them before publishing them."
        ),
        "at_meeting": {
            "supplementary": (
                "Will the council publish the number of appeals, and how many it lost, before the next "
                "meeting?"
            ),
            "answered_by": "cabinet member children and families",
            "answer": (
                "Yes. I will send you a written response with the appeal figures once they are checked."
            ),
            "written_answer_promised": True,
        },
        "written_answer_sent": {
            "after_days": 16,
            "text": (
                "Thank you for waiting for these figures. In 2023 to 2024, families lodged 58 appeals to the "
                "tribunal about education, health and care plans:\n\n"
                "- 21 were withdrawn after the council agreed to change the plan\n"
                "- 26 were decided in the family's favour\n"
                "- 4 were decided in the council's favour\n"
                "- 7 are still waiting for a hearing\n\n"
                "We will publish these figures every year in the special educational needs annual report."
            ),
        },
    },
    {
        "title": "Mr",
        "first_name": "Daniel",
        "last_name": "Pemberton",
        "town": "Westcote",
        "email": "dan.pemberton@example.com",
        "to": CABINET_MEMBER,
        "question": (
            "Families in Westcote are told the early help service has a waiting list of several months. "
            "How long is the wait now, and what help is offered while families wait?"
        ),
        "answer": (
            "Thank you for your question. The average wait for an early help assessment in Westcote is six "
            "weeks; in August it was eleven. While families wait, a family support worker phones them within "
            "five working days, and they can go to drop-in sessions at Westcote Family Hub on Tuesdays and "
            "Thursdays.\n\n"
            "Any family whose circumstances get worse is seen straight away."
        ),
        "at_meeting": {
            "supplementary": "Can the drop-in sessions run after school, so working parents can come?",
            "answered_by": "cabinet member children and families",
            "answer": (
                "That is a good idea. From January, the Thursday session will run until 6pm, and we will ask "
                "families which times suit them."
            ),
        },
    },
    {
        "title": "Mrs",
        "first_name": "Grace",
        "last_name": "Okonjo",
        "town": "Kingsmere",
        "email": "grace.okonjo@example.com",
        "to": CABINET_MEMBER,
        "question": (
            "How many children does each social worker look after, and how many social workers are from "
            "agencies rather than employed by the council?"
        ),
        "answer": (
            "Thank you for your question. These are the figures at the end of last month:\n\n"
            "| Team | Average caseload | Agency social workers |\n"
            "| --- | --- | --- |\n"
            "| Assessment | 19 | 9 of 24 |\n"
            "| Children in need and child protection | 17 | 11 of 38 |\n"
            "| Children in care | 14 | 4 of 22 |\n\n"
            "We aim for no more than 18 children per social worker, and are recruiting 15 permanent social "
            "workers through our graduate scheme."
        ),
        "at_meeting": {
            "supplementary": (
                "Please can you give the highest caseload in each team, not only the average, and say how "
                "long agency workers stay with the council?"
            ),
            "answered_by": "cabinet member children and families",
            "answer": (
                "I will provide a written response with the highest caseloads and how long agency staff stay."
            ),
            "written_answer_promised": True,
        },
    },
    {
        "councillor": "cllr.hebden@kingsmere.gov.uk",
        "to": CABINET_MEMBER,
        "question": (
            "Westcote Youth Centre has been closed since the roof was damaged in February. When will it "
            "reopen, and where can young people go in the meantime?"
        ),
        "answer": (
            "Thank you, Cllr Hebden. The roof repairs start next month and should take ten weeks, so we "
            "expect the centre to reopen in the spring. Until then, the youth service runs sessions at "
            "Westcote Library on Monday and Wednesday evenings, and a bus to Kingsmere Youth Hub on Fridays."
        ),
        "at_meeting": {
            "supplementary": "Will young people be asked how the refurbished centre should be used?",
            "answered_by": "Cabinet member children and families",
            "answer": (
                "Yes. The youth council is running a survey this term, and two young people will sit on the "
                "group overseeing the work."
            ),
        },
    },
]

SCRUTINY: list[dict[str, Any]] = [
    {
        "title": "Ms",
        "first_name": "Sophie",
        "last_name": "Lambert",
        "town": "Brayford",
        "email": "sophie.lambert@example.com",
        "to": DIRECTOR,
        "question": (
            "Care leavers I support have been placed in bed and breakfast accommodation after turning 18. "
            "How many care leavers lived in unsuitable accommodation last year, and what is being done "
            "about it?"
        ),
        "answer": (
            "Thank you for your question. Last year, 9 of our 164 care leavers spent some time in bed and "
            "breakfast accommodation, for between 3 and 41 nights. Our housing protocol with the district "
            "councils now says that no care leaver should be placed in bed and breakfast, and we are opening "
            "six supported flats in Kingsmere next year."
        ),
        "at_meeting": {
            "supplementary": (
                "Will the committee check that the protocol is working, by asking for these figures every "
                "quarter?"
            ),
            "answered_by": DIRECTOR,
            "answer": (
                "The Director for Children and Young People agreed that the figures should be reported "
                "regularly, and said the service would include them in its quarterly performance report.\n\n"
                "Chair: the committee would add care leavers' housing to its work programme."
            ),
            "actions": [
                (
                    "The Committee to receive quarterly figures on care leavers placed in unsuitable "
                    "accommodation.",
                    "The Committee",
                ),
                (
                    "The directorate to share the housing protocol with committee members before the next "
                    "meeting.",
                    "Children and Young People directorate",
                ),
            ],
        },
    },
    {
        "title": "Mr",
        "first_name": "Marcus",
        "last_name": "Webb",
        "town": "Hollin Cross",
        "email": "marcus.webb@example.com",
        "to": DIRECTOR,
        "question": (
            "Short breaks for disabled children were cut from four weekends a year to two. Was this decided "
            "by councillors, and what did families say when they were asked?"
        ),
        "answer": (
            "Thank you for your question. The change was made by the service in April, after the provider of "
            "weekend breaks in Hollin Cross closed. It was not a decision by councillors, and families were "
            "not asked beforehand, which we regret. We are now buying places from two new providers."
        ),
        "at_meeting": {
            "put": "read_on_behalf",
            "read_by": "Chair",
            "supplementary": "When will families get back the four weekends they had before?",
            "answered_by": DIRECTOR,
            "answer": (
                "The Director for Children and Young People explained that the new places should be "
                "available from the new year, and said he would confirm the date in writing."
            ),
            "written_answer_promised": True,
        },
        "written_answer_sent": {
            "after_days": 9,
            "text": (
                "Thank you for your question at the committee. The two new providers will offer weekend "
                "breaks from 6 January. Every family who had four weekends a year before April will have "
                "four again, and we have written to each family to arrange them."
            ),
        },
    },
    {
        "title": "Ms",
        "first_name": "Hannah",
        "last_name": "Ellis",
        "town": "Kingsmere",
        "email": "hannah.ellis@example.com",
        "on_behalf_of": "Kingsmere Parent Carer Forum",
        "to": DIRECTOR,
        "question": (
            "Parents of children with special educational needs tell the forum that school transport is "
            "often late and that drivers change without warning. How many complaints about school "
            "transport were made this year?"
        ),
        "answer": (
            "Thank you for your question. Since September, we have received 37 complaints about school "
            "transport for children with special educational needs. Most were about late arrivals on two "
            "routes, which now have new operators."
        ),
        "at_meeting": {
            "supplementary": (
                "Parents want to know the driver in advance. Can the council tell families the day before "
                "when a driver changes?"
            ),
            "answered_by": DIRECTOR,
            "answer": (
                "The Director for Children and Young People said he would look into whether operators could "
                "tell families the day before, and would reply in writing."
            ),
            "written_answer_promised": True,
            "comments": [
                (
                    "COMMENT FROM KINGSMERE YOUNG CARERS' GROUP",
                    "A member of the Kingsmere Young Carers' Group asked that the committee note that late "
                    "transport also means young carers are late for school, because they wait with their "
                    "brothers and sisters.",
                )
            ],
        },
    },
]

CABINET: list[dict[str, Any]] = [
    {
        "title": "Mr",
        "first_name": "Owen",
        "last_name": "Baptiste",
        "town": "Aldbury",
        "email": "owen.baptiste@example.com",
        "to": CABINET_MEMBER,
        "question": (
            "How many children in Aldbury took part in the free holiday activities and food programme this "
            "summer, and will it run again at Easter?"
        ),
        "answer": (
            "Thank you for your question. This summer, 312 children in Aldbury took part, out of 2,140 "
            "across Kingsmere. The programme will run again at Easter, for four days each week, with "
            "places for children who get free school meals and for young carers."
        ),
    },
    {
        "title": "Ms",
        "first_name": "Chloe",
        "last_name": "Fairbairn",
        "town": "Westcote",
        "email": "chloe.fairbairn@example.com",
        "to": CABINET_MEMBER,
        "question": (
            "Westcote Family Hub now closes at 3pm on Fridays. Can it stay open until 5pm, so parents who "
            "work can use it?"
        ),
        "answer": (
            "Thank you for your question. The hub closes early on Fridays so staff can visit families at "
            "home. We are trying a later closing time of 5pm on the first Friday of each month from "
            "February, and will ask families whether it helps."
        ),
    },
]
