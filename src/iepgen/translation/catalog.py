"""Every sentence a family document says, in English and in reviewed Spanish, side by side.

Side by side so a translator reviews each Spanish sentence against its English one. The
Spanish is written for US Spanish-speaking families in the formal "usted" register, in
short sentences (the family summary is held to a plain-language reading level), using
the IDEA terms of `glossary.py`. It was written and checked by the iepgen team against
that glossary; a district should still have a qualified translator review it once, and
every document still carries the machine-drafted translation notice.

Parameters are `{name}` fields (`str.format`); a test checks that both languages of a
message take the same ones.
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    # Shared labels ----------------------------------------------------------------------
    "fact.student": {"en": "Student", "es": "Estudiante"},
    "fact.school": {"en": "School", "es": "Escuela"},
    "fact.grade": {"en": "Grade", "es": "Grado"},
    "fact.school_year": {"en": "School year", "es": "Año escolar"},
    "fact.meeting": {"en": "IEP meeting", "es": "Reunión del IEP"},
    "fact.in_effect": {"en": "In effect", "es": "Vigente"},
    "fact.parents": {"en": "Parents or guardians", "es": "Padres o tutores"},
    "fact.contact": {"en": "Your contact at school", "es": "Su contacto en la escuela"},
    "fact.this_copy": {"en": "This copy", "es": "Esta copia"},
    "fact.notice_date": {"en": "Date of this notice", "es": "Fecha de este aviso"},
    "fact.date": {"en": "Date", "es": "Fecha"},
    "fact.time": {"en": "Time", "es": "Hora"},
    "fact.place": {"en": "Place", "es": "Lugar"},
    "fact.remote": {
        "en": "To join by phone or video",
        "es": "Para participar por teléfono o video",
    },
    "copy.draft": {"en": "Draft for review", "es": "Borrador para revisar"},
    "copy.final": {"en": "Final plan", "es": "Plan final"},
    "range.days": {"en": "{start} to {end}", "es": "del {start} al {end}"},
    "range.times": {"en": "{start} to {end}", "es": "de {start} a {end}"},
    "grade.pk": {"en": "preschool", "es": "preescolar"},
    "grade.k": {"en": "kindergarten", "es": "kínder"},
    "grade.n": {"en": "grade {n}", "es": "{n}.º grado"},
    "contact.phone": {"en": "phone {phone}", "es": "teléfono {phone}"},
    "contact.email": {"en": "e-mail {email}", "es": "correo electrónico {email}"},
    "drafter.builtin": {
        "en": "the built-in drafter (no AI)",
        "es": "el redactor integrado (sin IA)",
    },
    "drafter.local": {
        "en": "the district's local model {model}",
        "es": "el modelo local del distrito {model}",
    },
    "drafters.both": {"en": "{first} and {second}", "es": "{first} y {second}"},
    # Areas of need and IDEA terms -------------------------------------------------------
    "area.reading": {"en": "Reading", "es": "Lectura"},
    "area.writing": {"en": "Writing", "es": "Escritura"},
    "area.math": {"en": "Math", "es": "Matemáticas"},
    "area.communication": {"en": "Communication", "es": "Comunicación"},
    "area.behavior": {"en": "Behavior", "es": "Conducta"},
    "area.social_emotional": {
        "en": "Social and emotional skills",
        "es": "Habilidades sociales y emocionales",
    },
    "area.motor": {"en": "Motor skills", "es": "Habilidades motoras"},
    "area.adaptive": {"en": "Daily living skills", "es": "Habilidades para la vida diaria"},
    "area.vocational": {"en": "Work skills", "es": "Habilidades para el trabajo"},
    "area.health": {"en": "Health", "es": "Salud"},
    "area.other": {"en": "Other needs", "es": "Otras necesidades"},
    "service.special_education": {"en": "Special education", "es": "Educación especial"},
    "service.related_service": {"en": "Related service", "es": "Servicio relacionado"},
    "service.supplementary_aid": {"en": "Extra help in class", "es": "Ayuda adicional en clase"},
    "service.program_modification": {
        "en": "Changes to the program",
        "es": "Cambios en el programa",
    },
    "service.personnel_support": {
        "en": "Support for school staff",
        "es": "Apoyo para el personal escolar",
    },
    "factor.behavior": {"en": "Behavior", "es": "Conducta"},
    "factor.limited_english_proficiency": {
        "en": "Learning English",
        "es": "Aprendizaje del inglés",
    },
    "factor.blind_or_visually_impaired": {
        "en": "Blindness or low vision",
        "es": "Ceguera o baja visión",
    },
    "factor.deaf_or_hard_of_hearing": {
        "en": "Deaf or hard of hearing",
        "es": "Sordera o pérdida auditiva",
    },
    "factor.assistive_technology": {"en": "Assistive technology", "es": "Tecnología de asistencia"},
    "domain.education_training": {"en": "Education or training", "es": "Educación o capacitación"},
    "domain.employment": {"en": "Work", "es": "Empleo"},
    "domain.independent_living": {"en": "Independent living", "es": "Vida independiente"},
    # Meeting roles (34 CFR §300.321) -----------------------------------------------------
    "role.parent": {"en": "Parent or guardian", "es": "Padre, madre o tutor"},
    "role.student": {"en": "Student", "es": "Estudiante"},
    "role.general_education_teacher": {
        "en": "General education teacher",
        "es": "Maestro o maestra de educación general",
    },
    "role.special_education_teacher": {
        "en": "Special education teacher",
        "es": "Maestro o maestra de educación especial",
    },
    "role.district_representative": {
        "en": "School district representative",
        "es": "Representante del distrito escolar",
    },
    "role.evaluation_interpreter": {
        "en": "Person who explains the evaluation results",
        "es": "Persona que explica los resultados de la evaluación",
    },
    "role.related_service_provider": {
        "en": "Related service provider",
        "es": "Proveedor de servicios relacionados",
    },
    "role.agency_representative": {
        "en": "Agency representative (transition)",
        "es": "Representante de una agencia (transición)",
    },
    "role.interpreter": {"en": "Interpreter", "es": "Intérprete"},
    "role.case_manager": {"en": "Case manager", "es": "Coordinador o coordinadora del caso"},
    "role.other": {"en": "Other team member", "es": "Otro miembro del equipo"},
    # The family summary -------------------------------------------------------------------
    "family.title": {
        "en": "{name}'s IEP: a summary for your family",
        "es": "El IEP de {name}: un resumen para su familia",
    },
    "family.subtitle": {"en": "School year {year}", "es": "Año escolar {year}"},
    "family.notice.draft": {
        "en": "This is a draft, written with {drafted_with}. The IEP team must check it and "
        "fix it before it is final.",
        "es": "Este es un borrador, escrito con {drafted_with}. El equipo del IEP debe "
        "revisarlo y corregirlo antes de que sea final.",
    },
    "family.notice.final": {
        "en": "This plan is final. {who} made it final on {day}.",
        "es": "Este plan es final. {who} lo hizo final el {day}.",
    },
    "family.header.draft": {
        "en": "DRAFT summary: the IEP team must review it",
        "es": "Resumen en BORRADOR: el equipo del IEP debe revisarlo",
    },
    "family.header.final": {"en": "Summary of the final IEP", "es": "Resumen del IEP final"},
    "family.footer": {
        "en": "Family summary · IEP {year}, version {version}",
        "es": "Resumen para la familia · IEP {year}, versión {version}",
    },
    "family.about.title": {"en": "About {name}", "es": "Sobre {name}"},
    "family.about.grade": {"en": "{name} is in {grade}.", "es": "{name} está en {grade}."},
    "family.about.grade_school": {
        "en": "{name} is in {grade} at {school}.",
        "es": "{name} está en {grade} en {school}.",
    },
    "family.about.strengths": {
        "en": "What {name} does well: {text}",
        "es": "Lo que {name} hace bien: {text}",
    },
    "family.about.interests": {
        "en": "What {name} likes: {text}",
        "es": "Lo que le gusta a {name}: {text}",
    },
    "family.about.concerns": {
        "en": "What you told us: {text}",
        "es": "Lo que usted nos dijo: {text}",
    },
    "family.goals.title": {"en": "Goals for this year", "es": "Metas para este año"},
    "family.goals.intro": {
        "en": "These are {name}'s goals for this year. Each goal says where {name} is now "
        "and where we hope {name} will be.",
        "es": "Estas son las metas anuales de {name}. Cada meta dice dónde está {name} "
        "ahora y adónde esperamos que llegue.",
    },
    "family.goals.none": {
        "en": "There are no goals yet. {text}",
        "es": "Todavía no hay metas. {text}",
    },
    "family.goal.skill": {"en": "{area}: {skill}.", "es": "{area}: {skill}."},
    "family.goal.statement": {"en": "{area}: {text}", "es": "{area}: {text}"},
    "family.goal.now": {"en": "Now: {amount}.", "es": "Ahora: {amount}."},
    "family.goal.now_unmeasured": {
        "en": "Now: not measured yet. The school will measure it by {day}.",
        "es": "Ahora: todavía no se ha medido. La escuela lo medirá antes del {day}.",
    },
    "family.goal.now_text": {"en": "Now: {text}", "es": "Ahora: {text}"},
    "family.goal.target": {
        "en": "Goal by {day}: {amount}.",
        "es": "Meta para el {day}: {amount}.",
    },
    "family.goal.target_at_most": {
        "en": "Goal by {day}: no more than {amount}.",
        "es": "Meta para el {day}: no más de {amount}.",
    },
    "family.goal.target_text": {"en": "Goal by {day}: {text}", "es": "Meta para el {day}: {text}"},
    "amount.count": {"en": "{value} {unit}", "es": "{value} {unit}"},
    "amount.part": {"en": "{value} of {maximum} {unit}", "es": "{value} de {maximum} {unit}"},
    "amount.share": {"en": "{value}{unit}", "es": "{value}{unit}"},
    "family.services.title": {"en": "Help at school", "es": "Ayuda en la escuela"},
    "family.services.intro": {
        "en": "This is the help {name} will get at school.",
        "es": "Esta es la ayuda que {name} recibirá en la escuela.",
    },
    "family.services.none": {
        "en": "The IEP lists no services yet.",
        "es": "El IEP todavía no tiene servicios.",
    },
    "family.service.line": {
        "en": "{kind}: {what} Who: {who}. How often: {often}, {minutes} minutes each time. "
        "Where: {where}.",
        "es": "{kind}: {what} Quién: {who}. Con qué frecuencia: {often}, {minutes} minutos "
        "cada vez. Dónde: {where}.",
    },
    "family.supports.title": {
        "en": "Supports in class and on tests",
        "es": "Acomodaciones en clase y en las pruebas",
    },
    "family.supports.intro": {
        "en": "These changes help {name} learn and show what {name} knows.",
        "es": "Estos cambios ayudan a {name} a aprender y a mostrar lo que sabe.",
    },
    "family.supports.none": {
        "en": "The IEP lists no accommodations.",
        "es": "El IEP no tiene acomodaciones.",
    },
    "family.tests.regular": {
        "en": "{name} will take the same state tests as other students.",
        "es": "{name} tomará las mismas pruebas estatales que los demás estudiantes.",
    },
    "family.tests.regular_with_accommodations": {
        "en": "{name} will take the same state tests, with the supports listed.",
        "es": "{name} tomará las mismas pruebas estatales, con los apoyos de la lista.",
    },
    "family.tests.alternate": {
        "en": "{name} will take a different state test (the alternate assessment).",
        "es": "{name} tomará una prueba estatal diferente (la prueba alterna).",
    },
    "family.tests.not_applicable": {
        "en": "{name} does not take state tests at this age.",
        "es": "{name} no toma pruebas estatales a esta edad.",
    },
    "family.placement.title": {"en": "Where {name} learns", "es": "Dónde aprende {name}"},
    "family.placement.percent": {
        "en": "{name} will be in general education classes for {percent} percent of the "
        "school day.",
        "es": "{name} estará en clases de educación general el {percent} por ciento del "
        "día escolar.",
    },
    "family.esy.title": {
        "en": "Extended school year (summer)",
        "es": "Año escolar extendido (verano)",
    },
    "family.esy.needed": {
        "en": "{name} will get services over the summer break.",
        "es": "{name} recibirá servicios durante las vacaciones de verano.",
    },
    "family.esy.not_needed": {
        "en": "{name} does not need services over the summer break.",
        "es": "{name} no necesita servicios durante las vacaciones de verano.",
    },
    "family.esy.later": {
        "en": "The team will decide by {day} if {name} needs services over the summer break.",
        "es": "El equipo decidirá antes del {day} si {name} necesita servicios durante las "
        "vacaciones de verano.",
    },
    "family.transition.title": {
        "en": "Planning for life after high school",
        "es": "Planes para la vida después de la escuela secundaria",
    },
    "family.transition.intro": {
        "en": "The IEP has goals for {name}'s life after high school, and services to help "
        "reach them.",
        "es": "El IEP tiene metas para la vida de {name} después de la escuela secundaria, "
        "y servicios para ayudarle a alcanzarlas.",
    },
    "family.transition.goal": {"en": "{domain}: {text}", "es": "{domain}: {text}"},
    "family.transition.service": {
        "en": "{text} Who: {who}.",
        "es": "{text} Quién: {who}.",
    },
    "family.transition.invited_on": {
        "en": "The school invited {name} to the IEP meeting on {day}.",
        "es": "La escuela invitó a {name} a la reunión del IEP el {day}.",
    },
    "family.transition.will_invite": {
        "en": "The school will invite {name} to the IEP meeting.",
        "es": "La escuela invitará a {name} a la reunión del IEP.",
    },
    "family.rights.title": {"en": "Rights at age {age}", "es": "Derechos a los {age} años"},
    "family.rights.text": {
        "en": "On {day}, {name} turns {age}. Then the rights that IDEA gives to parents "
        "move to {name}.",
        "es": "El {day}, {name} cumple {age} años. Entonces los derechos que la ley IDEA da "
        "a los padres pasan a {name}.",
    },
    "family.rights.informed": {
        "en": "The school told {name} about these rights on {day}.",
        "es": "La escuela le explicó estos derechos a {name} el {day}.",
    },
    "family.rights.inform_by": {
        "en": "The school will tell {name} about these rights by {day}.",
        "es": "La escuela le explicará estos derechos a {name} antes del {day}.",
    },
    "family.progress.title": {
        "en": "How you will hear about progress",
        "es": "Cómo sabrá usted del progreso",
    },
    "family.progress.schedule": {
        "en": "You will get a written report on each goal. When: {schedule}.",
        "es": "Usted recibirá un informe escrito sobre cada meta. Cuándo: {schedule}.",
    },
    "family.progress.dates": {
        "en": "Report dates: {dates}.",
        "es": "Fechas de los informes: {dates}.",
    },
    "family.questions.title": {"en": "Still to decide", "es": "Lo que falta decidir"},
    "family.questions.intro": {
        "en": "The team will talk about these questions at the meeting:",
        "es": "El equipo hablará de estas preguntas en la reunión:",
    },
    "family.steps.title": {"en": "What you can do", "es": "Lo que usted puede hacer"},
    "family.steps.read": {
        "en": "Read this summary and write down your questions.",
        "es": "Lea este resumen y anote sus preguntas.",
    },
    "family.steps.team": {
        "en": "You are part of the IEP team. Your ideas count.",
        "es": "Usted es parte del equipo del IEP. Sus ideas cuentan.",
    },
    "family.steps.meeting": {
        "en": "You can ask for a meeting at any time.",
        "es": "Puede pedir una reunión en cualquier momento.",
    },
    "family.steps.interpreter": {
        "en": "You can ask for an interpreter at the meeting. It costs you nothing.",
        "es": "Puede pedir un intérprete para la reunión. No le cuesta nada.",
    },
    "family.steps.copy": {
        "en": "You will get a copy of the IEP. It costs you nothing.",
        "es": "Usted recibirá una copia del IEP. No le cuesta nada.",
    },
    "family.steps.contact": {
        "en": "Questions? Contact {contact}.",
        "es": "¿Tiene preguntas? Comuníquese con {contact}.",
    },
    # Prior written notice (34 CFR §300.503) -----------------------------------------------
    "pwn.title": {"en": "Prior written notice", "es": "Aviso previo por escrito"},
    "pwn.subtitle": {
        "en": "About {name}'s IEP for {start} to {end}",
        "es": "Sobre el IEP de {name} del {start} al {end}",
    },
    "pwn.header.draft": {
        "en": "DRAFT notice: the IEP team must review it",
        "es": "Aviso en BORRADOR: el equipo del IEP debe revisarlo",
    },
    "pwn.header.final": {"en": "Prior written notice", "es": "Aviso previo por escrito"},
    "pwn.footer": {
        "en": "Prior written notice · IEP {year}, version {version}",
        "es": "Aviso previo por escrito · IEP {year}, versión {version}",
    },
    "pwn.notice.draft": {
        "en": "This notice is a draft made from the draft IEP, written with {drafted_with}. "
        "The team must check it after the meeting, before the school sends it.",
        "es": "Este aviso es un borrador hecho a partir del borrador del IEP, escrito con "
        "{drafted_with}. El equipo debe revisarlo después de la reunión, antes de que la "
        "escuela lo envíe.",
    },
    "pwn.notice.final": {
        "en": "This notice describes the final IEP. {who} made the IEP final on {day}.",
        "es": "Este aviso describe el IEP final. {who} hizo final el IEP el {day}.",
    },
    "pwn.intro": {
        "en": "The school must tell you in writing what it proposes or refuses to do about "
        "{name}'s special education, a reasonable time before it acts (34 CFR §300.503). "
        "This notice tells you what the school proposes after the IEP meeting of {day}.",
        "es": "La escuela debe decirle por escrito lo que propone o se niega a hacer sobre la "
        "educación especial de {name}, con tiempo razonable antes de actuar (34 CFR "
        "§300.503). Este aviso le dice lo que la escuela propone después de la reunión del "
        "IEP del {day}.",
    },
    "pwn.proposed.title": {
        "en": "1. What the school proposes",
        "es": "1. Lo que la escuela propone",
    },
    "pwn.proposed.iep": {
        "en": "To carry out {name}'s IEP from {start} to {end}, with:",
        "es": "Poner en práctica el IEP de {name} del {start} al {end}, con:",
    },
    "pwn.proposed.goals": {
        "en": "Annual goals in: {areas}.",
        "es": "Metas anuales en: {areas}.",
    },
    "pwn.proposed.no_goals": {
        "en": "No annual goals yet: the team will set them when it has the data.",
        "es": "Todavía no hay metas anuales: el equipo las fijará cuando tenga los datos.",
    },
    "pwn.proposed.service": {
        "en": "{kind}: {who}, {often}, {minutes} minutes each time, in this place: {where}.",
        "es": "{kind}: {who}, {often}, {minutes} minutos cada vez, en este lugar: {where}.",
    },
    "pwn.proposed.accommodation": {
        "en": "1 accommodation in class and on tests (listed in the IEP).",
        "es": "1 acomodación en clase y en las pruebas (en la lista del IEP).",
    },
    "pwn.proposed.accommodations": {
        "en": "{count} accommodations in class and on tests (listed in the IEP).",
        "es": "{count} acomodaciones en clase y en las pruebas (en la lista del IEP).",
    },
    "pwn.proposed.placement": {
        "en": "General education classes for {percent} percent of the school day "
        "(placement: {placement}).",
        "es": "Clases de educación general el {percent} por ciento del día escolar "
        "(ubicación: {placement}).",
    },
    "pwn.proposed.transition": {
        "en": "Transition services to prepare for life after high school.",
        "es": "Servicios de transición para prepararse para la vida después de la escuela "
        "secundaria.",
    },
    "pwn.proposed.esy": {
        "en": "Extended school year services over the summer break.",
        "es": "Servicios del año escolar extendido durante las vacaciones de verano.",
    },
    "pwn.why.title": {
        "en": "2. Why the school proposes this",
        "es": "2. Por qué la escuela lo propone",
    },
    "pwn.why.need": {
        "en": "{area}: the records show that {name} needs specially designed instruction in "
        "this area. {details}",
        "es": "{area}: los documentos muestran que {name} necesita instrucción especialmente "
        "diseñada en esta área. {details}",
    },
    "pwn.why.factor": {
        "en": "{factor}: the team must consider it, and it applies to {name}. {details}",
        "es": "{factor}: el equipo debe considerarlo, y se aplica a {name}. {details}",
    },
    "pwn.why.placement": {
        "en": "{name} would spend {minutes} minutes a week outside the general education "
        "class, out of a school week of {week} minutes.",
        "es": "{name} pasaría {minutes} minutos por semana fuera de la clase de educación "
        "general, de una semana escolar de {week} minutos.",
    },
    "pwn.options.title": {
        "en": "3. Other options considered, and why they were not chosen",
        "es": "3. Otras opciones consideradas y por qué no se eligieron",
    },
    "pwn.options.check": {
        "en": "The team should check and complete this list at the meeting.",
        "es": "El equipo debe revisar y completar esta lista en la reunión.",
    },
    "pwn.options.no_services": {
        "en": "No special education: not chosen, because the records show needs in {areas}.",
        "es": "Ninguna educación especial: no se eligió, porque los documentos muestran "
        "necesidades en {areas}.",
    },
    "pwn.options.more_general": {
        "en": "All of the day in general education classes: not chosen, because {name} needs "
        "the services outside the class that the IEP lists.",
        "es": "Todo el día en clases de educación general: no se eligió, porque {name} "
        "necesita los servicios fuera de la clase que el IEP indica.",
    },
    "pwn.options.separate": {
        "en": "A special education class for most of the day: not chosen, because {name} can "
        "make progress in general education classes with the services and supports in the IEP "
        "(the least restrictive environment, 34 CFR §300.114).",
        "es": "Una clase de educación especial durante casi todo el día: no se eligió, porque "
        "{name} puede progresar en clases de educación general con los servicios y apoyos del "
        "IEP (el ambiente menos restrictivo, 34 CFR §300.114).",
    },
    "pwn.options.not_a_need": {
        "en": "Special education in {area}: not proposed, because the records do not show a "
        "need in this area. {details}",
        "es": "Educación especial en {area}: no se propone, porque los documentos no muestran "
        "una necesidad en esta área. {details}",
    },
    "pwn.options.esy_not_needed": {
        "en": "Extended school year services: not proposed, because the records do not show "
        "that {name} loses skills over breaks and is slow to regain them.",
        "es": "Servicios del año escolar extendido: no se proponen, porque los documentos no "
        "muestran que {name} pierda habilidades durante las vacaciones y tarde en recuperarlas.",
    },
    "pwn.options.esy_later": {
        "en": "Extended school year services: the team will decide by {day}, from progress "
        "data before and after breaks.",
        "es": "Servicios del año escolar extendido: el equipo decidirá antes del {day}, con "
        "datos de progreso de antes y después de las vacaciones.",
    },
    "pwn.data.title": {
        "en": "4. What the school used to decide",
        "es": "4. Lo que la escuela usó para decidir",
    },
    "pwn.data.assessment": {"en": "{name} ({day})", "es": "{name} ({day})"},
    "pwn.data.previous_iep": {
        "en": "{name}'s previous IEP",
        "es": "El IEP anterior de {name}",
    },
    "pwn.data.record": {
        "en": "{name}'s student record: {part}",
        "es": "El expediente de {name}: {part}",
    },
    "pwn.data.none": {
        "en": "The draft cites no assessment yet.",
        "es": "El borrador todavía no cita ninguna evaluación.",
    },
    "record.communication": {"en": "communication", "es": "comunicación"},
    "record.vision": {"en": "vision", "es": "visión"},
    "record.behavior": {"en": "behavior", "es": "conducta"},
    "record.english_learner": {"en": "English learner", "es": "estudiante de inglés"},
    "record.english_learning": {"en": "English proficiency", "es": "dominio del inglés"},
    "record.transfer": {"en": "transfer records", "es": "documentos de traslado"},
    "record.extended_school_year": {
        "en": "data from school breaks",
        "es": "datos de las vacaciones escolares",
    },
    "record.postsecondary_aspirations": {
        "en": "plans after high school",
        "es": "planes después de la escuela secundaria",
    },
    "record.health_plan": {"en": "health plan", "es": "plan de salud"},
    "record.other": {"en": "{field}", "es": "{field}"},
    "pwn.factors.title": {"en": "5. Other factors", "es": "5. Otros factores"},
    "pwn.factors.concerns": {
        "en": "What the family told the school: {text}",
        "es": "Lo que la familia le dijo a la escuela: {text}",
    },
    "pwn.factors.language": {
        "en": "The family asked for documents in {language}.",
        "es": "La familia pidió los documentos en {language}.",
    },
    "pwn.factors.questions": {
        "en": "{count} questions are still open for the team (listed in the IEP).",
        "es": "Quedan {count} preguntas abiertas para el equipo (en la lista del IEP).",
    },
    "pwn.factors.none": {
        "en": "No other factors are recorded.",
        "es": "No hay otros factores registrados.",
    },
    "pwn.rights.title": {"en": "6. Your rights", "es": "6. Sus derechos"},
    "pwn.rights.safeguards": {
        "en": "You have protection under the procedural safeguards of IDEA. To get a copy of "
        "the notice of procedural safeguards, ask {contact}.",
        "es": "Usted tiene protección bajo las garantías procesales de IDEA. Para obtener una "
        "copia del aviso sobre las garantías procesales, pídala a {contact}.",
    },
    "pwn.rights.help": {
        "en": "For help understanding your rights, contact the Parent Training and Information "
        "Center of your state (listed at parentcenterhub.org).",
        "es": "Para recibir ayuda para entender sus derechos, comuníquese con el Centro de "
        "Capacitación e Información para Padres de su estado (aparece en parentcenterhub.org).",
    },
    "pwn.rights.disagree": {
        "en": "If you disagree, you can ask for another meeting, for mediation, or for a due "
        "process hearing.",
        "es": "Si no está de acuerdo, puede pedir otra reunión, una mediación o una audiencia "
        "de debido proceso.",
    },
    "pwn.signed": {"en": "For the school", "es": "Por la escuela"},
    # Meeting invitation (34 CFR §300.322) --------------------------------------------------
    "invite.title": {
        "en": "Invitation to an IEP meeting",
        "es": "Invitación a una reunión del IEP",
    },
    "invite.subtitle": {"en": "About {name}'s IEP", "es": "Sobre el IEP de {name}"},
    "invite.header": {
        "en": "Invitation to an IEP meeting",
        "es": "Invitación a una reunión del IEP",
    },
    "invite.footer": {
        "en": "Meeting invitation · IEP {year}",
        "es": "Invitación a la reunión · IEP {year}",
    },
    "invite.notice": {
        "en": "You are invited to a meeting to plan {name}'s education. You are an equal "
        "member of the team.",
        "es": "Le invitamos a una reunión para planear la educación de {name}. Usted es un "
        "miembro del equipo con la misma voz que los demás.",
    },
    "invite.purpose.title": {"en": "Why we are meeting", "es": "Por qué nos reunimos"},
    "invite.purpose.iep": {
        "en": "To review how {name} is doing and to write the goals, services and supports of "
        "the IEP for {start} to {end}.",
        "es": "Revisar cómo le va a {name} y escribir las metas, los servicios y los apoyos "
        "del IEP del {start} al {end}.",
    },
    "invite.purpose.transition": {
        "en": "To consider {name}'s goals for life after high school and the transition "
        "services to reach them.",
        "es": "Considerar las metas de {name} para la vida después de la escuela secundaria y "
        "los servicios de transición para alcanzarlas.",
    },
    "invite.purpose.rights": {
        "en": "To talk about the rights that move to {name} at age {age}.",
        "es": "Hablar de los derechos que pasan a {name} a los {age} años.",
    },
    "invite.who.title": {"en": "Who will attend", "es": "Quiénes asistirán"},
    "invite.who.role": {"en": "Role", "es": "Función"},
    "invite.who.name": {"en": "Name", "es": "Nombre"},
    "invite.who.none": {
        "en": "The school will tell you who will attend.",
        "es": "La escuela le dirá quiénes asistirán.",
    },
    "invite.student.title": {"en": "{name} is invited", "es": "{name} está invitado o invitada"},
    "invite.student.text": {
        "en": "The meeting will plan for life after high school, so the school invites {name} "
        "to come and take part.",
        "es": "La reunión planeará la vida después de la escuela secundaria, así que la escuela "
        "invita a {name} a venir y participar.",
    },
    "invite.student.invited_on": {
        "en": "The school invited {name} on {day}.",
        "es": "La escuela invitó a {name} el {day}.",
    },
    "invite.agencies.title": {"en": "Agencies", "es": "Agencias"},
    "invite.agency.consented": {
        "en": "With your consent of {day}, we will also invite {agency}, which may provide or "
        "pay for transition services.",
        "es": "Con su consentimiento del {day}, también invitaremos a {agency}, que puede "
        "prestar o pagar servicios de transición.",
    },
    "invite.agency.needs_consent": {
        "en": "We would like to invite {agency}. We need your written consent first, and we "
        "will not invite them without it.",
        "es": "Nos gustaría invitar a {agency}. Primero necesitamos su consentimiento por "
        "escrito, y no la invitaremos sin él.",
    },
    "invite.others.title": {"en": "You can bring others", "es": "Puede traer a otras personas"},
    "invite.others.text": {
        "en": "You may bring people who know {name} well or have special knowledge, such as a "
        "relative, a friend or an advocate.",
        "es": "Puede traer a personas que conocen bien a {name} o que tienen conocimientos "
        "especiales, como un familiar, un amigo o un defensor.",
    },
    "invite.change.title": {
        "en": "If this time does not work for you",
        "es": "Si esta hora no le conviene",
    },
    "invite.change.text": {
        "en": "Contact {contact}, and we will find a time and place that work for you and the "
        "school. You can also take part by phone or video.",
        "es": "Comuníquese con {contact} y buscaremos un día, una hora y un lugar que le "
        "convengan a usted y a la escuela. También puede participar por teléfono o por video.",
    },
    "invite.change.interpreter": {
        "en": "If you need an interpreter, the school will arrange one. It costs you nothing.",
        "es": "Si necesita un intérprete, la escuela lo conseguirá. No le cuesta nada.",
    },
    "invite.reply.title": {
        "en": "Please return this part to the school",
        "es": "Por favor, devuelva esta parte a la escuela",
    },
    "invite.reply.attend": {"en": "☐ I will attend.", "es": "☐ Asistiré."},
    "invite.reply.remote": {
        "en": "☐ I will take part by phone or video.",
        "es": "☐ Participaré por teléfono o por video.",
    },
    "invite.reply.other_time": {
        "en": "☐ I cannot come at this time. Please contact me to find another time.",
        "es": "☐ No puedo venir a esta hora. Por favor, comuníquense conmigo para buscar otra.",
    },
    "invite.reply.interpreter": {
        "en": "☐ I need an interpreter in this language: ____________",
        "es": "☐ Necesito un intérprete en este idioma: ____________",
    },
    "sign.parent": {"en": "Parent or guardian", "es": "Padre, madre o tutor"},
    # Translation notices ---------------------------------------------------------------------
    "translation.notice": {
        "en": "Machine-drafted translation — have it reviewed by a qualified translator.",
        "es": "Traducción hecha por computadora: pida a un traductor calificado que la revise.",
    },
    "translation.original_follows": {
        "en": "The English original follows this translation, with the same headings.",
        "es": "El original en inglés viene después de esta traducción, con los mismos títulos.",
    },
    "translation.untranslated_legend": {
        "en": "Text in « » followed by (in English, not translated) was written by the school "
        "in English and could not be translated here.",
        "es": "El texto entre « » seguido de (en inglés, sin traducir) lo escribió la escuela "
        "en inglés y no se pudo traducir aquí.",
    },
    "translation.untranslated_mark": {
        "en": "«{text}» (in English, not translated)",
        "es": "«{text}» (en inglés, sin traducir)",
    },
    "translation.original_title": {
        "en": "English original",
        "es": "Original en inglés",
    },
}


def message(key: str, language: str) -> str | None:
    """The template of `key` in `language` (a primary tag), if the catalog holds it."""
    entry = MESSAGES.get(key)
    return entry.get(language) if entry else None
