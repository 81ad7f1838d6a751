# ruff: noqa: E501
"""The seeds' published questions and answers, as test data.

Seed 002 (Council, 30 September 2022: PQ 1–5 and MQ 1) and seed 004 (the Children and
Young People Scrutiny Committee, 13 December 2022: seven supplementary questions). The
text is exactly as the seeds print it, typos included (seeds-spec.md §10); paragraphs
split by a page break are joined. Answers are Markdown, as officers write them."""

from __future__ import annotations

# fmt: off

# PQ1 ----------------------------------------------------------------------
PQ1_QUESTION = [
    'My question is about the Herefordshire Children’s Services.',
    'What is Herefordshire Council/Children’s Services going to do about the children that have increased court ordered contact with their abusive parent after advice from the social and family worker? As you are aware family court follows the social and family workers advice against the safe parents advice of supervised contact.',
]
PQ1_RESPONSE = [
    'Thank you for your question. Legislation and statutory guidance are clear that decisions made by Judges within the family courts have to be made by considering what is in the best interest of the child, including with regard to matters of family time (contact). In order to come to such decision, the courts receive evidence from all parties including parent(s) and the Local Authority. Additionally, within family courts, children are independently represented by a Guardian who also provides evidence to assist the Judge in making decisions. The role of the Guardian is to review the Local Authority’s care plan (including contact arrangements) and to make sure that Local Authority arrangements and decisions for and about children protect them, promote their welfare and are in the child(ren)’s best interest.',
]
PQ1_SUPPLEMENTARY = [
    'I do feel that my question is not answered. So I would like to submit a second question please. Can you please confirm that:',
    'A - Herefordshire council is not going to look into past cases to make sure that the right advice has been given by Children’s services to family court Or B - Herefordshire council is going to look into past cases to make sure that the right advice has been given by Children’s Services to family court.',
    'Please bear in mind that not every case in family court children have a guardian to review the advice given to family court.',
]
PQ1_SUPPLEMENTARY_ANSWER = [
    'Thank you for your question.',
    'It would be very difficult for the Council to consider each and every past case to determine whether the right advice was given in any particular case. Where there are particular issues that the Council is aware of they will, if appropriate, consider what options are available taking into account any legal advice.',
    'By way of context, Children’s Guardian are allocated on all public law cases, they are not allocated on all private law cases. The local authority are not a party to private disputes and do not receive all court documentation including final orders.',
    'Court ordered contact is determined by the Family Court based on evidence directed to be filed and upon which the court will determine the disputed issues, evidence submitted on behalf of the local authority is one piece of evidence the court will consider when determining a matter and is not of itself determinative.',
    'Where children are known to the local authority, it complies with its statutory duties.',
]

# PQ2 ----------------------------------------------------------------------
PQ2_QUESTION = [
    'Where staff (past and present) are identified as having made mistakes or kept information out of official reports to support objectives sought by the local authority, will the Council be referring matters to the police, regulators and/or taking dismissal steps for gross misconduct? Will line managers be held accountable for either allowing this practice or failing to challenge staff on reports submitted? Withholding information e.g. failing to document kinship carer offers that are not SGOs and share internally and externally prevents natural justice from being achieved and is a form of fraud/misfeasance of public office. This behaviour undermines public confidence in the service and brings the organisation as a whole not just the department into disrepute.',
    'Children that have been adopted where failures are identified can make civil claims against the council how will you be making the children aware?',
]
PQ2_RESPONSE = [
    'Thank you for your question. All allegations against staff are taken seriously. Where there is evidence of misconduct or gross misconduct we will follow our HR procedures, making a referral to the relevant professional body and or external agencies as necessary.',
    'Where failures are identified and adopted children are involved, they will be contacted and supported through either Adoption Central England or through our own Adoption Support team, depending on the circumstances.',
]
PQ2_SUPPLEMENTARY = [
    'Staff that I am prohibited from naming as part of this meeting have left before complaints were made and resolved to allow HR action to be taken. Some were locums. All presumably are working for other organisations and pose the same foreseeable risk to those and future organisations and children and families, yet I am no clearer as to what the local authority is doing about those individuals.',
    "Respectfully I'm afraid allegations are not taken seriously and are only heard too late. The judge in my son's case said he completely understood my feelings towards the local authority relating to the example in my initial question and yet complaint findings fail to accept any responsibility or accountability. As a parent you feel unheard. This is exactly the reason the department is in the state it is in today.",
    'Care plans have to conclude with recommendations for permanency within a statutory 26 weeks. This means there is no time for parents to make any changes recommended by social workers unless that time is offered by a family member. What good is that when it is not documented, then when mistakes are identified the social workers do not return contacts including their line managers, instead actions to continue to prepare a child for adoption causing the kinship placement to breakdown due to a loss of faith and confidence in the service.',
    'Please advise specifically what support is being offered to ALL impacted by these decisions including the children and families left broken and let down by these failures. And specifically whether the local authority plans on seeking to revoke adoptions on behalf of birth families.',
]
PQ2_SUPPLEMENTARY_ANSWER = [
    'Thank you for your question. I understand how emotional these issues are and I agree that recording of documentation is absolutely essential.',
    'The Council has limited powers over those that are not formally employed by or have a contract with the Council. Where the Council determines that there is clear evidence of wrongdoing they will provide that evidence to relevant authorities for them to consider whether there is any action they need to take.',
    'I want all families let down by the service to contact us and to have the opportunity to be heard and I will be providing a written response to your question which will be published.',
    'I completely understand how emotional these issues are and how important they are. It is very complex and sensitive particularly when we get into HR matters and I want to give a clear answer so I will provide a written response.',
]
PQ2_WRITTEN = [
    'Where there are serious and substantiated concerns about former employees then the council will always consider alerting the professional registration body, or the current employer (where the employer was known) and decisions would be made on the specific circumstances of each individual case.',
    'Members of the public are able to raise concerns about an individual social workers professional conduct directly with the professional registration body, Social Work England. Link: [Home - Social Work England](#)',
    "We are sorry that you have felt unheard. Court timescales are led by the Court and a national framework (the Public Law Outline). In exceptional circumstances, the courts will permit proceedings to take longer than 26 weeks and will listen to representations from the family, from the child's guardian, and from the local authority. Solicitors acting for the family can advise.",
    'Support for families affected by the outcome of family court proceedings might come from a range of sources, including family and peer support groups, the voluntary and charity sector, the local authority and other agencies. We recognise the need as expressed in the question to advise on the range of support available and have begun developing a page for our website that will provide a signpost for families.',
    'There are no plans to revoke adoption orders at this time but we will always look at the individual circumstances of a specific case before reaching a conclusion. Families are also able access advice on this matter from a range of sources.',
]

# PQ3 ----------------------------------------------------------------------
PQ3_QUESTION = [
    'In my case there were many delays, so many that practically all of the time during proceedings was used up waiting for assessments to be completed. This then meant there was no time to address any concerns and make changes needed. Why are parents not given the time they need to keep their children? Why are families punished for the social workers disorganisation and inability to adhere to timescales?',
]
PQ3_RESPONSE = [
    "Thank you for your question. Whilst I cannot comment on individual cases, I am sorry that you experienced delays which can be caused by a number of things. Once families and the local authority are in court and proceedings are issued, there is limited opportunity to make changes as this is the period in which the Courts ask for evidence and assessment. Many assessments required by the Court are carried out by external and independent assessors and it is often their availability that can challenge the Courts' preferred timescale of completing proceedings within a 26-week period. The period where much of the preventative and support activity can take place with families is in the pre-proceedings stage where we work with families to try to bring about change so that going to court is avoided wherever possible.",
]
PQ3_SUPPLEMENTARY = [
    "Referring to my case, my children were on child in need plans when they were removed with two hours notice. When I was pregnant I was told to await the outcome of the pre-birth assessments to see what support I needed to keep my baby. I received that report two days after I was due to give birth. Social workers had 33 weeks to complete that assessment. Independent social workers are only instructed to do assessments when the local authority's report is either compromised or disputed. Social workers left their roles or threatened to resign if they were asked to assess me. The delays in my case were caused by Herefordshire Council.",
    'There is a clear lack of support during pre-proceedings, as there was none. So where was the support to keep my family together, instead of just destroying it like you did?',
    "In my original question I asked about the delays caused by Herefordshire Council and why parents had no time to address concerns or change to meet the concerns and to keep their children at home. As I said in my supplementary my children were on Child in Need plans and then they were removed with two hours notice. With my baby when I was pregnant the social workers knew from 8 weeks and I didn't receive the assessment until after I was due to give birth. They told me throughout my entire pregnancy that I needed that assessment to see what support can be given to keep my baby. Because that assessment was so late, my baby was removed at birth. So where was the support to keep my family together?",
]
PQ3_SUPPLEMENTARY_ANSWER = [
    'It is very upsetting to hear about this story and I completely apologise. This is why we need to change, this is why we are here today and I trust that our staff are in touch with all families who need support but I cannot comment on individual cases.',
]

# PQ4 ----------------------------------------------------------------------
PQ4_QUESTION = [
    "I understand there is no longer a Domestic Abuse Hub running in Herefordshire, nor an individual with specialist knowledge and training around domestic abuse working within the MASH. The Ofsted report reflects under-developed partnerships and insufficient co-location or partnership resources within the MASH. The report also states the early help offer is limited and in particular, services to address domestic abuse. This is indicative that recent decisions made by the local authority in this regard, have been counterproductive, leaving a concerning gap in terms of knowledge and understanding of domestic abuse within Children's Services. According to recent statistics, the prevalence of domestic abuse in Herefordshire is significant, with many children suffering significant harm as a direct result. What is going to be implemented to address the issues around lack of resources/response to cases where domestic abuse is a factor?",
]
PQ4_RESPONSE = [
    'Thank you for your question. The decision was made to incorporate the Domestic Abuse Hub into the MASH, any staff and resources have been absorbed by the MASH and have not been lost or removed. We continue to commission West Mercia Womens Aid to provide specialist support to those experiencing domestic abuse throughout the county, this includes the provision of specialist advice and support to the MASH hub. Going forward this resource will be utilised across both Early Help and MASH teams. Following the Ofsted inspection, MASH resources have been further strengthened.',
    'We have secured a bigger area for the MASH and this allows us to bring forward our plans to co-locate all key partners within the MASH. Training in respect of domestic abuse is available to all staff. In addition to this, multi-agency training is also offered by the [Herefordshire Safeguarding Children Partnership](#) to all partners, the most recent training took place on Wednesday 28 September 2022. We continue to work with our partners to provide support to those at risk of domestic abuse, details of which are listed on our [Talk Community Directory](#). We recognise the gravity and impact of domestic abuse and continue together with our partners to further develop services to support families and victims of domestic abuse.',
]
PQ4_SUPPLEMENTARY = [
    'Thank you for your response to my question. What procedure or specialist is put into place now in specific domestic abuse cases?',
]
PQ4_SUPPLEMENTARY_ANSWER = [
    "Thank you for the question, I agree that this is really important. It is really important that we have domestic abuse experts in our multi-agency and safeguarding hub and that we work very closely with our colleagues particularly the police on this and I'll keep pushing on this.",
]

# MQ1 ----------------------------------------------------------------------
MQ1_QUESTION = [
    'Ofsted reports that most plans and planning are weak and do not ensure that children are sufficiently protected and that their lives improve. Most plans are too generic and do not relate to the identified risks for the individual child. Some centre around adult and tasks to be completed without defining the outcomes to be achieved for children or timescales to work towards.',
    'Were directorate managers too remote to be aware of this culture of behaviour and therefore complicit in the failure to adequately support children and families within our care, or was this a deficiency in the training of some of our staff?',
]
MQ1_RESPONSE = [
    'The reasons for the poor quality of practice in the service, including that of plans and planning are deep-rooted and varied. The Ofsted report clearly indicates a decline in the quality of social work practice over a number of years, specifically over the past four years and over a longer a period when one also considers the reports in 2012 and 2014. Directorate managers were not too remote to be aware of this, and it is through the efforts and presence of current directorate managers that more is known about the quality of practice, and performance in the service than was hitherto the case.',
    'Reasons include those reported by Ofsted inspectors such as staff turnover, weak guidance and a lack of management grip over a period of time. The report also points to a lack of scrutiny and focus by the council. Other contributory reasons include a poorly introduced model of practice, an electronic recording system that has not aided practice improvement and a lack of clarity about practice standards.',
    'Inspectors recognised small areas of progress from a significantly low base including the development of more accessible and more accurate data, developing the functionality of electronic case management recording systems and reducing caseloads. Inspectors also recognised that through the activity of the new senior leadership team there are plans in place, but that it is too soon to assess their impact.',
    'A decline that came about over a number of years is not turned around overnight. Significantly revised practice standards were published in the spring and we are confident that we shall see the quality of plans, and planning, improve.',
]
MQ1_SUPPLEMENTARY = [
    "I thank the portfolio holder for her response. I note in particular the statement in the last paragraph “A decline that came about over a number of years is not turned around overnight.” However I listened into the cabinet meeting yesterday where a professional stated that it takes between 18 months and two years to show any real improvement and I agree with that. Yet the Council has had 18 months since the high court judgement, following by an extraordinary full council meeting in April 2021, followed by the annual meeting in May 2021 to put in place measure which should by now have shown some improvement. Instead, the service has deteriorated further to a point never seen before in Herefordshire. Can the portfolio holder explain why the past 18 months, which should have put us on the road to improvement, as stated by the profession, has in fact produced this devastating report. What confidence can the residents of Herefordshire have that the next 18 months will be any different to the previous 18 months and secondly what efforts will be made going forward to ensure that all members are kept regularly informed of progress or non-progress within Children's services.",
]
MQ1_SUPPLEMENTARY_ANSWER = [
    "Thank you Cllr Gandy. I know you care very deeply about this issue, I am always prepared to have a conversation with you about it. Her question is completely reasonable and I agree that it has taken too long to make changes. Some of the basic structures have not been in place to allow our staff to do their best work; that takes a long time to put in place. Not all the right people were in the right positions which took too long. A difference now, which was lacking in the past, is that there is more clarity for all of us about where we are and where we need to go. More resources and more ambition. I share Cllr Gandy's impatience and we will be judged on our results.",
]

# PQ5 ----------------------------------------------------------------------
PQ5_QUESTION = [
    'There are sixteen "Measures that Matter" in the Children\'s Social Care and Early Help Improvement Plan 2022-24 (Version 2.0 May 2022, presented at the Children and Young People Scrutiny Committee meeting on 26 July 2022). Numbers 1 and 2 relate to the caseload of social workers.',
    'For the below Measures that Matters, please give data for the following dates:',
    '• Quarter 4 of 2021-22\n• July 2022\n• Up-to-date number (and/or %) and state the relevant date',
    'Number 6: "Number of unallocated cases" Number 10: "Proportion [%] of Plans considered to be Good or Outstanding" (exclude other grades eg "Requires Improvement") Number 15: "We respond appropriately to complaints and service feedback from children [% and number] (measure number of complaints that are responded to within timescales)" Number 16: "The number of complaints we receive is reducing"',
]
PQ5_RESPONSE_INTRO = 'Thank you for your question. Measures that Matter are reported on a quarterly basis; information is shown for Quarter 4 21/22 and for Quarter 1 22/23.'
PQ5_TABLE_1 = [
    ['Measure that Matters', 'Quarter 4 2021/22', 'Quarter 1 2022/23'],
    ['6 – The number of unallocated cases in the service', '30', '27*'],
    ['15 - We respond appropriately to complaints and service feedback from children (% number) of complaints that are responded to on time within the reporting month)', '65%', '83%'],
    ['16 - The number of complaints we receive is reducing (decreasing and low is good)', '7', '12'],
]
PQ5_AFTER_TABLE_1 = [
    '* For clarity, these are not the same cases. These are snapshot figures at a particular point in time. Any unallocated case at any point in time is rigorously risk assessed and is monitored by appropriate managers. There are several reasons why a case might be unallocated for a short period of time, including transfer between services and awaiting allocation, or change of worker.',
    'Information requested in respect of number 10 deviates from the Measures that Matters and is listed separately below',
]
PQ5_TABLE_2 = [['Question', 'Quarter 4 2021/22', 'Quarter 1 2022/23'], ['% of audited plans considered to be good', '2%', '7%']]
PQ5_SUPPLEMENTARY_MARKDOWN = 'Only 2% and 7% of audited children’s plans for the quarters were “Good”.\n\n- **How will this be improved and by what date?**\n\nThe number of unallocated cases – that is vulnerable children without a social worker - was 30 for Quarter 4 2021-22 and 27 for Quarter 1 of 2022-23.\n\n- **What is the highest number of unallocated cases during each of these quarters?**\n\nFrankly, 19 complaints over 6 months appears to be incredibly low.\n\n- **What is the definition of “complaint” eg complaint to the Ombudsman?**\n- **Given the “Inadequate” service, how will the complaints procedures for children and families be improved and by when?**\n- **Regarding complaints by children, is a better criterion the number resolved at Stage 1 rather than responded to?**\n- **As requested, provide up-to-date information plus highest number of unallocated cases since 1/7/2022.**'
PQ5_SUPPLEMENTARY_ANSWER = [
    'Thank you for your question, there are a lot of very good questions in there. I will provide a written response with all the necessary data. It is very important that we get out complaint processes right.',
]

# Seed 004: the record of supplementary questions ------------------------------
SEED_004 = [
    {
        "from": 'Hanna Currie',
        "q": 'Please can the Committee look at and report the range rather than the average of allocated social worker numbers broken down to show the timescale of involvement via a range and if possible to include the number of agency staff compared to permanent staff allocated per item in the range, to see how the reliance on agency staff effects the relationship with children and families?',
        "response": [
            'The Director for Children and Young People: appreciated the question, but explained it was for the Committee to answer.',
            'Chair: Committee would seek out the requested information.',
        ],
        "actions": ['The Committee to request, look at and report the range rather than the average of allocated social worker numbers broken down to show the timescale of involvement, via a range and if possible to include the number of agency staff compared to permanent staff allocated per item in the range.', 'The Committee to request clarification from the directorate on how the reliance on agency staff impacts the relationship with children and families.'],
    },
    {
        "from": 'Hanna Currie (on behalf of Teresa Fenner)',
        "q": 'I would like to hear if other foster carers past and present can give their points of view and be consulted on what should be improved. For us it would be that the promises of support and respite be given and that reports are truthful and accurate. No point in recruitment if the service continues to make excuses for bad practices. As for early help, ask the parents what would benefit them and their families and stop haranguing them for asking for help.',
        "response": [
            "The Director for Children and Young People stated there was a lot of working going on with the current foster carers and added if there were any previous foster carers that would like to speak with him, he'd be happy for them to speak with either Robina Khan (Head of Service Fostering and Placements) or himself. There was a big piece of work going on at the moment to review support in place for foster carers and the Director agreed entirely that foster carers were a valuable resource and that he wanted to recruit and support more foster carers going forward. The Director said he had recently met two former foster carers and was happy to meet others.",
            "The Director for Children and Young People explained that the provision of early help services wasn't primarily the responsibility of children and social care services and that it should be the responsibility of a wide range of agencies. Recent activity through the world cafes and Talk Community had aimed to develop the range of early help services that were in place for families, with the intention to extend that range and create more opportunities for families to seek that help and support directly or online, rather than children's services. The early help helpline would be opening again in January 2023. He'd had a lot of feedback from families about how this had been done and were told they appreciated the early help helpline.",
            'Cllr J Hewitt enquired whether the impediment to close it was resource?',
            'The Director for Children and Young People explained it was a change in process at the time, the early help resource was still in the MASH, but the helpline was stopped because of a challenge from a previous Ofsted visit. They had to get the threshold right before bringing it back. It had been a reaction to a feedback process. Clarity was provided on early help and the range of services it provided.',
        ],
        "actions": [],
    },
    {
        "from": 'Chair (on behalf of Rachel Gallagher)',
        "q": 'How is being separated from a sibling ever in the best interest of any child? Put yourself in our shoes, would you support your own children being separated? Of the 10 placements orders made in 2021, how many were made with the consent of the parents and have all the placement orders made in 2021/22 so far been made with the consent of the parents?',
        "response": [
            'The Director for Children and Young People explained that placements orders were made by the courts.',
        ],
        "actions": [],
    },
    {
        "from": 'Chair (on behalf of Fiona Reid)',
        "q": "The response to the original question mentioned views and opinions of families expressed at recent general meetings, however I know of only one meeting, which was held on 20 October 2022, which was organised by the support group for birth families called a common bond - some councillors attended but I understand no officers were present, although at least two were invited. HCB could have been invited to collaborate on a draft improvement plan and could collaborate in future. Birth parents and children are the main service users of children's services, I hope the forum for families will mainly be represented by them, there should be representatives from parents whose children are or were involved in different ways, eg looked after children. I hope you will listen, address feedback and take 'appropriate action' and 'collaborate' with families at pace. When will the first meeting of the forum actually happen?",
        "response": [
            "The Director for Children and Young People agreed entirely with Ms. Reid, that there was a need to listen to families more going forward. Hopefully the draft proposal for listening to families will be available in January. Once we've had feedback on what we are proposing we'll get that group of organisations and representatives together as early as possible, certainly before Easter and hopefully by the end of February.",
        ],
        "actions": [],
    },
    {
        "from": 'David Barratt',
        "q": "There seems to be have hard work over the last three months to compose a plan to demonstrate change has been delivered at pace. As a parent I feel little has changed in practice. If changes have been made as suggested by the Directorate, why, as a family, do we feel threatened by social workers and live in fear of the removal of our children? Why in your role of corporate parent do you feel it is in anyone's, let alone a minor's, best interests not to leave a hospital ward for fresh air or to visit a hospital chapel? Hospital staff were content for my daughter to get fresh air, however your frontline staff and even the CEO of Herefordshire council were not. This went against my child's basic human rights and my rights as a legal guardian. I have recently been told verbally that fostering arrangements against me and my family have been stopped, but please advise how many families have been consulted to see if any of the measures put in in the last three months have been recognised by them? If no such consultation has taken place, would you agree that it is unreasonable to suggest that changes made are effective for the families?",
        "response": [
            "The Director for Children and Young People explained that he was sorry that that had been Mr Barratt's experience, but he couldn't discuss individual family circumstances in a public meeting. He was, however, happy to meet Mr Barratt for a conversation about his experience. In terms of consultation, one of the things acknowledged in the process was the importance of engaging and consulting with families, which is why they're working on the listening to families approach (as mentioned elsewhere in the meeting). Methods of measurement they wanted to be used were not only what was reported in terms of performance, but also checking quality assurance audits and feedback, compliments, complaints and engagement activities from families. There hasn't been enough of this and there needed to be more.",
        ],
        "actions": [],
    },
    {
        "from": 'Maggie Steel',
        "q": "Parents do not believe that the external examiner is looking at any other cases and I'd just like to hear whether we are wrong? I mean actively looking.",
        "response": [
            'The Director for Children and Young People explained he was not able to answer that question, as he did not know the status that the examiner had reached with individual cases. The director said he would take this question back and ask.',
        ],
        "actions": [],
    },
    {
        "from": 'Melissa Portman-Lewis',
        "q": 'In my personal experience SEND children and young people are still poorly understood. Parents of SEND children are still missing out on vital education and their basic needs remain unmet. When I have raised the alarm many times through many mediums, the pattern is still delay, denial of need. How do you intend to achieve and measure cultural change in a timely manner and with a timescale?',
        "response": [
            "The Director for Children and Young People was sorry that had been Ms. Portman-Lewis's experience. There was significant work going on, which included parent carer voice\\*\\* and it was one of the key partners in developing an SEND strategy, which brings together key strategic groups and partners within health, education and care. The feedback from the peer review commissioned in October reflects some of the changes related to the SEND green paper. It was a huge piece of work, but the Director said he would be happy to provide a full update on the SEND work stream.",
        ],
        "actions": [],
        "comment_heading": '**COMMENT FROM PARENT CARER VOICE',
        "comment": [
            'A representative of the Common Bond at the meeting asked for a communication from Parent Carer Voice be noted as follows:',
            '*“Parent Carer Voice have no idea or recollection of what the DCS is saying and have not agreed to it”.* Confirmed by Debbie Hobbs, Manager of Parent Carer Voice.',
            'Parent Carer Voice requested that it was not mentioned again unless it had given consent and had agreed to what the DCS was saying.',
        ],
    },
]
# fmt: on
