/* catalog_seed.c - the default catalog `skillgate seed` loads, and the benchmark's generator.
 *
 * The default catalog is the provider's public listing (data/provider-catalog-export.csv,
 * embedded in the binary), imported through the normal catalog import, so titles and partners
 * read as the provider publishes them. The FAQ's example titles the listing lacks are added
 * with their real partners. Then generated programs fill the catalog up to about the 4,000
 * programs the program offers.
 *
 * Generated programs come from the tables below with a fixed pseudo-random sequence, so every
 * run produces the same catalog: topics with their skills and Spanish names, title patterns
 * per kind, partners per industry. They are examples, and marked so in the data: their
 * source is 'example' and every generated partner's name ends with " (example)", so no
 * generated program is ever shown under a real partner's name. About one in eight is taught
 * in Spanish.
 *
 * The curated lists: for each region, programs of its industries in proportion to the
 * region's industry weights (regions.industries, "health-care:5;technology:4"), the better
 * programs of each industry first, drawn from the provider's listing (and the FAQ's titles),
 * never from the generated examples.
 */
#include "catalog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/db.h"
#include "db/search.h"
#include "embedded.h"
#include "util/arena.h"
#include "util/timeutil.h"

/* ---- a small deterministic generator (splitmix64) ----------------------------------------- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

static int rng_int(struct rng *r, int lo, int hi)
{
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* ---- the FAQ's example titles ------------------------------------------------------------- */

struct named {
	const char *title, *partner, *kind, *industry, *level, *skills;
	double rating;
	int reviews, hours_min, hours_max;
};

static const struct named faq_titles[] = {
	{ "How to Manage a Remote Team", "GitLab", "course", "business", "beginner",
	  "Remote Work;Team Management;Asynchronous Communication;Leadership;Onboarding", 4.7, 5900,
	  10, 16 },
	{ "Business Writing", "University of Colorado Boulder", "course", "business", "beginner",
	  "Business Writing;Editing;Clear Writing;Grammar;Persuasive Writing", 4.8, 12400, 10, 14 },
	{ "Introduction to Mechanical Engineering Design and Manufacturing", "Autodesk", "course",
	  "advanced-manufacturing", "beginner",
	  "Mechanical Engineering;Product Design;Manufacturing Processes;Fusion 360;3D "
	  "Modeling;Machine Learning in Manufacturing",
	  4.7, 2900, 16, 24 },
	{ "Machine Learning", "Stanford University", "specialization", "data-science", "beginner",
	  "Machine Learning;Supervised Learning;Regression;Classification;Python "
	  "Programming;Neural Networks",
	  4.9, 31600, 80, 120 },
	{ "Motors and Motor Control Circuits", "University of Colorado Boulder", "course",
	  "advanced-manufacturing", "intermediate",
	  "Electric Motors;Motor Control;Circuit Design;Power Electronics;Electrical Engineering",
	  4.8, 1200, 20, 30 },
	{ "Generative Design for Additive Manufacturing", "Autodesk", "course",
	  "advanced-manufacturing", "intermediate",
	  "Generative Design;Additive Manufacturing;3D Printing;Fusion 360;Product Design", 4.7,
	  700, 14, 20 },
	{ "Learning How to Learn: Powerful mental tools to help you master tough subjects",
	  "Deep Teaching Solutions", "course", "personal-development", "beginner",
	  "Learning;Memory;Study Skills;Procrastination;Focus", 4.8, 205000, 12, 16 },
	{ "Marketing in a Digital World", "University of Illinois Urbana-Champaign", "course",
	  "marketing", "beginner",
	  "Digital Marketing;Marketing Strategy;Product Marketing;Social Media;Consumer Behavior",
	  4.8, 14800, 14, 20 },
	{ "Supply Chain Operations", "Rutgers University", "course", "transportation-logistics",
	  "beginner", "Supply Chain;Operations Management;Logistics;Inventory Management;Planning",
	  4.8, 6100, 8, 12 },
	{ "Influencing People", "University of Michigan", "course", "business", "beginner",
	  "Influencing;Persuasion;Leadership;Communication;Negotiation", 4.7, 4100, 8, 12 },
	{ "The Science of Well-Being", "Yale University", "course", "personal-development",
	  "beginner", "Happiness;Well-Being;Psychology;Habits;Mindfulness", 4.9, 38900, 16, 20 },
	{ "Data Science Specialization", "Johns Hopkins University", "specialization",
	  "data-science", "beginner",
	  "Data Science;R Programming;Statistics;Machine Learning;Data Cleaning;Regression "
	  "Analysis",
	  4.5, 38700, 160, 240 },
	{ "Project Management", "University of California, Irvine", "specialization", "business",
	  "beginner",
	  "Project Management;Project Planning;Risk Management;Budget Management;Scheduling;Agile",
	  4.7, 9800, 60, 100 },
	{ "Python for Everybody", "University of Michigan", "specialization", "technology",
	  "beginner",
	  "Python Programming;Data Structures;SQL;Web Scraping;Databases;Computer Programming", 4.8,
	  224000, 60, 100 },
	{ "Cybersecurity", "University of Maryland, College Park", "specialization", "technology",
	  "intermediate",
	  "Cybersecurity;Network Security;Cryptography;Software Security;Risk Management", 4.6,
	  5200, 120, 200 },
	{ "Google IT Support Professional Certificate", "Google", "professional-certificate",
	  "technology", "beginner",
	  "IT Support;Troubleshooting;Computer Networking;Operating Systems;System "
	  "Administration;Customer Service;Linux",
	  4.8, 181400, 120, 240 },
	{ "The Business of Health Care Specialization", "University of Pennsylvania",
	  "specialization", "health-care", "beginner",
	  "Health Care Management;Health Economics;Health Policy;Finance;Operations", 4.6, 1500, 40,
	  80 },
	{ "Epidemiology for Public Health Specialization", "Imperial College London",
	  "specialization", "health-care", "intermediate",
	  "Epidemiology;Public Health;Biostatistics;Study Design;Disease Surveillance", 4.8, 2700,
	  80, 160 },
	{ "Medical Neuroscience", "Duke University", "course", "health-care", "advanced",
	  "Neuroscience;Neuroanatomy;Physiology;Medicine;Nervous System", 4.9, 6700, 60, 80 },
	{ "Financial Markets", "Yale University", "course", "finance", "beginner",
	  "Financial Markets;Risk Management;Behavioral Finance;Investment;Banking", 4.8, 27100, 30,
	  40 },
	{ "Facebook Social Media Marketing", "Meta", "professional-certificate", "marketing",
	  "beginner",
	  "Social Media Marketing;Facebook Ads;Advertising;Content Creation;Marketing Analytics",
	  4.8, 17300, 120, 200 },
	{ "Entrepreneurship", "University of Pennsylvania", "specialization", "business",
	  "beginner", "Entrepreneurship;Business Planning;Financing;Startups;Growth Strategy", 4.7,
	  6800, 80, 120 },
	{ "Introduction to Game Development", "Michigan State University", "course",
	  "creative-media", "beginner", "Game Development;Unity;C#;Game Design;Prototyping", 4.6,
	  3400, 20, 30 },
	{ "The Art of Negotiation", "University of California, Irvine", "course", "business",
	  "beginner", "Negotiation;Conflict Resolution;Persuasion;Communication", 4.6, 2100, 8,
	  12 },
	{ "AI for Everyone", "DeepLearning.AI", "course", "data-science", "beginner",
	  "Artificial Intelligence;AI Strategy;Machine Learning;Workflow Automation", 4.8, 43100, 6,
	  10 },
	{ "Programming Foundations with JavaScript, HTML and CSS", "Duke University", "course",
	  "technology", "beginner", "JavaScript;HTML;CSS;Web Development;Computer Programming", 4.6,
	  7100, 30, 40 },
	{ "Introduction to HTML5", "University of Michigan", "course", "technology", "beginner",
	  "HTML5;Web Development;Accessibility;Web Design", 4.7, 11800, 10, 14 },
	{ "Understanding User Needs", "University of Michigan", "course", "creative-media",
	  "beginner", "User Research;User Experience;Interviewing;UX Design;Empathy", 4.8, 900, 20,
	  30 },
	{ "Use Mailchimp to Build an E-mail Marketing Campaign", "Coursera Project Network",
	  "guided-project", "marketing", "beginner",
	  "Email Marketing;Mailchimp;Marketing Campaigns;Audience Segmentation", 4.4, 600, 1, 2 },
	{ "Developing An Entrepreneurial Mindset: First Step Towards Success",
	  "University of Maryland, College Park", "course", "business", "beginner",
	  "Entrepreneurial Mindset;Opportunity Recognition;Innovation;Creativity", 4.5, 1600, 8,
	  12 },
	{ "Introduction to iOS App Development", "Meta", "course", "technology", "beginner",
	  "iOS Development;Swift;Mobile Development;Xcode;App Design", 4.6, 1900, 20, 30 },
	{ "Principles of Game Design", "Michigan State University", "course", "creative-media",
	  "beginner", "Game Design;Prototyping;Playtesting;Storytelling", 4.6, 1400, 14, 20 },
	{ "Successful Negotiation: Essential Strategies and Skills", "University of Michigan",
	  "course", "business", "beginner",
	  "Negotiation;Strategy;Contracts;Communication;Decision Making", 4.8, 15300, 10, 16 },
};

/* Well-known programs people search for by name, with their real partners. */
static const struct named anchors[] = {
	{ "Google Data Analytics Professional Certificate", "Google", "professional-certificate",
	  "data-science", "beginner",
	  "Data Analysis;SQL;Spreadsheets;Tableau;R Programming;Data Visualization", 4.8, 133400,
	  120, 240 },
	{ "Google Cybersecurity Professional Certificate", "Google", "professional-certificate",
	  "technology", "beginner",
	  "Cybersecurity;Network Security;Linux;Python Programming;SIEM Tools;Incident Response",
	  4.8, 16400, 120, 240 },
	{ "Google Project Management Professional Certificate", "Google",
	  "professional-certificate", "business", "beginner",
	  "Project Management;Agile;Scrum;Risk Management;Stakeholder Management", 4.8, 97300, 120,
	  240 },
	{ "Excel Skills for Business Specialization", "Macquarie University", "specialization",
	  "business", "beginner",
	  "Microsoft Excel;Spreadsheets;Data Validation;Pivot Tables;Business Analysis;Formulas",
	  4.9, 42300, 80, 120 },
	{ "Introduction to Data Analysis Using Excel", "Rice University", "course", "data-science",
	  "beginner", "Microsoft Excel;Data Analysis;Pivot Tables;Charts", 4.7, 23600, 10, 16 },
	{ "IBM Data Science Professional Certificate", "IBM", "professional-certificate",
	  "data-science", "beginner",
	  "Data Science;Python Programming;SQL;Machine Learning;Data Visualization", 4.6, 118900,
	  120, 240 },
	{ "Google UX Design Professional Certificate", "Google", "professional-certificate",
	  "creative-media", "beginner", "UX Design;Figma;Wireframing;Prototyping;User Research",
	  4.8, 73700, 120, 240 },
	{ "Google Digital Marketing & E-commerce Professional Certificate", "Google",
	  "professional-certificate", "marketing", "beginner",
	  "Digital Marketing;E-commerce;Search Engine Optimization;Email Marketing;Marketing "
	  "Analytics",
	  4.8, 21400, 120, 240 },
	{ "Meta Social Media Marketing Professional Certificate", "Meta",
	  "professional-certificate", "marketing", "beginner",
	  "Social Media Marketing;Advertising;Content Marketing;Analytics", 4.8, 17500, 120, 200 },
	{ "Foundations of Nursing Practice", "University of Pennsylvania", "course", "health-care",
	  "beginner", "Nursing;Patient Care;Clinical Skills;Health Assessment;Patient Safety", 4.8,
	  5400, 14, 20 },
	{ "Nursing Informatics", "Johns Hopkins University", "course", "health-care",
	  "intermediate", "Nursing;Health Informatics;Electronic Health Records;Clinical Data", 4.6,
	  1300, 12, 18 },
	{ "Medical Assistant Professional Certificate", "Hudson Valley Health Institute",
	  "professional-certificate", "health-care", "beginner",
	  "Medical Assisting;Patient Care;Phlebotomy;Medical Terminology;Clinical Procedures", 4.7,
	  3900, 120, 200 },
	{ "Certified Nursing Assistant Preparation", "Empire State Health Academy", "course",
	  "health-care", "beginner",
	  "Nursing;Patient Care;Infection Control;Vital Signs;Personal Care", 4.7, 2600, 30, 40 },
	{ "Excel Basics for Data Analysis", "IBM", "course", "data-science", "beginner",
	  "Microsoft Excel;Data Analysis;Spreadsheets;Data Cleaning", 4.7, 15900, 10, 14 },
	{ "Introduction to Cybersecurity Tools & Cyberattacks", "IBM", "course", "technology",
	  "beginner", "Cybersecurity;Cyberattacks;Firewalls;Antivirus;Network Security", 4.7, 19700,
	  18, 24 },
	{ "Crash Course on Python", "Google", "course", "technology", "beginner",
	  "Python Programming;Automation;Computer Programming;Problem Solving", 4.8, 39800, 20,
	  30 },
	{ "Technical Support Fundamentals", "Google", "course", "technology", "beginner",
	  "IT Support;Computer Hardware;Troubleshooting;Customer Service;Binary", 4.8, 146800, 20,
	  30 },
	{ "Supply Chain Management Specialization", "Rutgers University", "specialization",
	  "transportation-logistics", "beginner",
	  "Supply Chain;Logistics;Procurement;Inventory Management;Planning", 4.7, 20600, 80, 120 },
	{ "Bookkeeping Basics", "Intuit", "course", "finance", "beginner",
	  "Bookkeeping;Accounting;Financial Statements;QuickBooks", 4.7, 5200, 10, 14 },
	{ "Customer Service Fundamentals", "Knowledge Accelerators", "course", "business",
	  "beginner",
	  "Customer Service;Communication;Problem Solving;Customer Relationship Management", 4.8,
	  1600, 10, 14 },
};

/* Spanish-language programs people search for by name. */
static const struct named anchors_es[] = {
	{ "Marketing digital: fundamentos y estrategia", "Universidad Austral", "course",
	  "marketing", "beginner",
	  "Marketing digital;Redes sociales;Publicidad en línea;Estrategia de marketing;Analítica "
	  "web",
	  4.7, 8200, 14, 20 },
	{ "Fundamentos del marketing digital y comercio electrónico", "Google", "course",
	  "marketing", "beginner",
	  "Marketing digital;Comercio electrónico;Embudo de ventas;Analítica", 4.8, 3100, 20, 30 },
	{ "Enfermería: cuidados básicos del paciente", "Universidad Nacional Autónoma de México",
	  "course", "health-care", "beginner",
	  "Enfermería;Cuidado del paciente;Signos vitales;Seguridad del paciente;Higiene", 4.8,
	  6100, 20, 30 },
	{ "Fundamentos de enfermería y práctica clínica",
	  "Pontificia Universidad Católica de Chile", "specialization", "health-care", "beginner",
	  "Enfermería;Práctica clínica;Farmacología;Valoración de salud", 4.7, 2300, 60, 100 },
	{ "Soporte de Tecnologías de la Información de Google", "Google",
	  "professional-certificate", "technology", "beginner",
	  "Soporte de TI;Redes informáticas;Sistemas operativos;Resolución de problemas;Atención "
	  "al cliente",
	  4.8, 9800, 120, 240 },
	{ "Análisis de Datos de Google", "Google", "professional-certificate", "data-science",
	  "beginner", "Análisis de datos;SQL;Hojas de cálculo;Tableau;Visualización de datos", 4.8,
	  8700, 120, 240 },
	{ "Gestión de Proyectos de Google", "Google", "professional-certificate", "business",
	  "beginner", "Gestión de proyectos;Metodología ágil;Scrum;Gestión de riesgos", 4.8, 7900,
	  120, 240 },
	{ "Introducción a la programación en Python", "Pontificia Universidad Católica de Chile",
	  "course", "technology", "beginner",
	  "Python;Programación;Algoritmos;Resolución de problemas", 4.7, 5600, 20, 30 },
	{ "Excel para principiantes: fórmulas y tablas dinámicas", "Universidad Austral", "course",
	  "business", "beginner", "Microsoft Excel;Fórmulas;Tablas dinámicas;Hojas de cálculo", 4.7,
	  4400, 10, 14 },
	{ "Ciberseguridad: fundamentos para proteger tu organización", "Universidad de los Andes",
	  "course", "technology", "beginner",
	  "Ciberseguridad;Seguridad de redes;Gestión de riesgos;Criptografía", 4.6, 2100, 14, 20 },
	{ "Primeros auxilios psicológicos", "Universitat Autònoma de Barcelona", "course",
	  "health-care", "beginner",
	  "Primeros auxilios psicológicos;Intervención en crisis;Salud mental;Comunicación", 4.8,
	  17900, 8, 12 },
};

/* ---- topics and patterns ------------------------------------------------------------------ */

/* One topic: "English name|nombre en español|skill;skill;…|job title|puesto". */
struct industry_topics {
	const char *industry;
	const char *topics[20];
	const char *partners[8];
	const char *partners_es[3];
};

static const struct industry_topics industries[] = {
	{ "data-science",
	  { "Data Analysis|análisis de datos|Data Analysis;Spreadsheets;SQL;Data Cleaning;Data "
	    "Visualization|Data Analyst|analista de datos",
	    "Machine Learning|aprendizaje automático|Machine Learning;Python "
	    "Programming;Regression;Classification;Model Evaluation|Machine Learning "
	    "Engineer|ingeniero de aprendizaje automático",
	    "Data Visualization|visualización de datos|Data "
	    "Visualization;Tableau;Dashboards;Storytelling with Data;Charts|Business Intelligence "
	    "Analyst|analista de inteligencia de negocios",
	    "Statistics|estadística|Statistics;Probability;Hypothesis Testing;Regression "
	    "Analysis;Sampling|Statistician|estadístico",
	    "SQL for Data Science|SQL para ciencia de datos|SQL;Databases;Queries;Joins;Data "
	    "Analysis|Data Analyst|analista de datos",
	    "Deep Learning|aprendizaje profundo|Deep Learning;Neural Networks;TensorFlow;Computer "
	    "Vision;Python Programming|AI Engineer|ingeniero de inteligencia artificial",
	    "Big Data|big data|Big Data;Apache Spark;Hadoop;Data Pipelines;Cloud Computing|Data "
	    "Engineer|ingeniero de datos",
	    "Business Analytics|analítica de negocios|Business Analytics;Forecasting;Microsoft "
	    "Excel;Decision Making;KPIs|Business Analyst|analista de negocios",
	    "R Programming|programación en R|R Programming;Data Wrangling;ggplot2;Statistics;Data "
	    "Analysis|Data Scientist|científico de datos",
	    "Generative AI|inteligencia artificial generativa|Generative AI;Prompt "
	    "Engineering;Large Language Models;AI Ethics;Automation|AI Specialist|especialista en "
	    "inteligencia artificial",
	    "Data Engineering|ingeniería de datos|Data Engineering;ETL;Data Warehousing;SQL;Python "
	    "Programming|Data Engineer|ingeniero de datos",
	    "Power BI|Power BI|Power BI;Dashboards;Data Modeling;DAX;Reporting|Reporting "
	    "Analyst|analista de reportes",
	    "Natural Language Processing|procesamiento de lenguaje natural|Natural Language "
	    "Processing;Text Mining;Python Programming;Machine Learning|NLP Engineer|ingeniero de "
	    "PLN",
	    "Applied Data Science|ciencia de datos aplicada|Data Science;Python "
	    "Programming;Pandas;Machine Learning;Data Visualization|Data Scientist|científico de "
	    "datos",
	    "Time Series Forecasting|pronóstico de series de tiempo|Forecasting;Time "
	    "Series;Statistics;Python Programming|Demand Planner|planificador de demanda",
	    NULL },
	  { "Northbridge University", "Lakeshore Institute of Technology", "DataForge Academy",
	    "Great Lakes State University", "Atlas Analytics", "Summit Data Institute", NULL },
	  { "Universidad del Valle Central", "Instituto Tecnológico de Monterrey Norte", NULL } },
	{ "technology",
	  { "IT Support|soporte de TI|IT Support;Troubleshooting;Help Desk;Operating "
	    "Systems;Customer Service|IT Support Specialist|especialista en soporte de TI",
	    "Cybersecurity|ciberseguridad|Cybersecurity;Network Security;Threat Analysis;Incident "
	    "Response;Risk Management|Cybersecurity Analyst|analista de ciberseguridad",
	    "Cloud Computing|computación en la nube|Cloud Computing;AWS;Microsoft "
	    "Azure;Virtualization;Cloud Security|Cloud Engineer|ingeniero de la nube",
	    "Python Programming|programación en Python|Python Programming;Data "
	    "Structures;Algorithms;Debugging;Automation|Software Developer|desarrollador de "
	    "software",
	    "Web Development|desarrollo web|HTML;CSS;JavaScript;Responsive Design;Web "
	    "Accessibility|Web Developer|desarrollador web",
	    "Computer Networking|redes de computadoras|Computer Networking;TCP/IP;Routing;Network "
	    "Troubleshooting;DNS|Network Technician|técnico de redes",
	    "Linux System Administration|administración de sistemas Linux|Linux;Bash;System "
	    "Administration;Shell Scripting;Security|Systems Administrator|administrador de "
	    "sistemas",
	    "Java Programming|programación en Java|Java;Object-Oriented Programming;Data "
	    "Structures;Testing|Software Developer|desarrollador de software",
	    "Mobile App Development|desarrollo de aplicaciones móviles|Mobile "
	    "Development;Android;iOS;User Interface;APIs|Mobile Developer|desarrollador de "
	    "aplicaciones móviles",
	    "DevOps|DevOps|DevOps;Continuous Integration;Docker;Kubernetes;Git|DevOps "
	    "Engineer|ingeniero DevOps",
	    "Databases and SQL|bases de datos y SQL|SQL;Databases;Relational Databases;Database "
	    "Design;PostgreSQL|Database Administrator|administrador de bases de datos",
	    "Full-Stack Web Development|desarrollo web full "
	    "stack|JavaScript;React;Node.js;APIs;Databases|Full-Stack Developer|desarrollador full "
	    "stack",
	    "Software Testing|pruebas de software|Software Testing;Test Automation;Quality "
	    "Assurance;Debugging|QA Analyst|analista de calidad de software",
	    "Ethical Hacking|hacking ético|Penetration Testing;Ethical Hacking;Vulnerability "
	    "Assessment;Network Security|Penetration Tester|probador de penetración",
	    "Computer Science Fundamentals|fundamentos de ciencias de la computación|Computer "
	    "Science;Algorithms;Programming;Problem Solving|Software Engineer|ingeniero de "
	    "software",
	    "Technical Support Operations|operaciones de soporte técnico|Technical "
	    "Support;Ticketing Systems;Troubleshooting;Documentation|Help Desk Technician|técnico "
	    "de mesa de ayuda",
	    NULL },
	  { "Keystone Polytechnic", "Lakeshore Institute of Technology", "CloudPath Learning",
	    "Northbridge University", "Riverbend Tech Academy", "SecureNet Institute", NULL },
	  { "Universidad del Valle Central", "Universidad Tecnológica del Pacífico", NULL } },
	{ "business",
	  { "Project Management|gestión de proyectos|Project Management;Scheduling;Risk "
	    "Management;Stakeholder Management;Budgeting|Project Coordinator|coordinador de "
	    "proyectos",
	    "Leadership|liderazgo|Leadership;Team Building;Coaching;Decision "
	    "Making;Communication|Team Lead|líder de equipo",
	    "Business Communication|comunicación empresarial|Business "
	    "Communication;Presentations;Business Writing;Email Etiquette|Office Manager|gerente "
	    "de oficina",
	    "Microsoft Excel|Microsoft Excel|Microsoft Excel;Formulas;Pivot "
	    "Tables;Charts;Spreadsheets|Administrative Assistant|asistente administrativo",
	    "Human Resources Management|gestión de recursos humanos|Human "
	    "Resources;Recruiting;Onboarding;Employee Relations;Labor Law|HR "
	    "Specialist|especialista en recursos humanos",
	    "Operations Management|gestión de operaciones|Operations Management;Process "
	    "Improvement;Lean;Quality Management|Operations Manager|gerente de operaciones",
	    "Entrepreneurship|emprendimiento|Entrepreneurship;Business Planning;Business Model "
	    "Canvas;Pitching|Small Business Owner|dueño de pequeña empresa",
	    "Negotiation|negociación|Negotiation;Conflict Resolution;Persuasion;Contracts|Account "
	    "Manager|gerente de cuentas",
	    "Customer Service|atención al cliente|Customer Service;Customer Relationship "
	    "Management;Conflict Resolution;Communication|Customer Service "
	    "Representative|representante de atención al cliente",
	    "Agile and Scrum|metodologías ágiles y Scrum|Agile;Scrum;Kanban;Sprint "
	    "Planning;Product Backlog|Scrum Master|scrum master",
	    "Sales|ventas|Sales;Prospecting;CRM;Closing Techniques;Customer Needs Analysis|Sales "
	    "Representative|representante de ventas",
	    "Strategic Management|gestión estratégica|Strategy;Competitive Analysis;Business "
	    "Strategy;Planning|Management Analyst|analista de gestión",
	    "Office Administration|administración de oficinas|Office "
	    "Administration;Scheduling;Microsoft Office;Record Keeping|Administrative "
	    "Assistant|asistente administrativo",
	    "Business Fundamentals|fundamentos de negocios|Business "
	    "Fundamentals;Management;Marketing;Accounting|Business Associate|asociado de negocios",
	    "Remote Work|trabajo remoto|Remote Work;Collaboration Tools;Time Management;Virtual "
	    "Teams|Virtual Assistant|asistente virtual",
	    NULL },
	  { "Meridian School of Business", "Northbridge University", "Empire Business Institute",
	    "Great Lakes State University", "Harborview College", "Crestline Management Institute",
	    NULL },
	  { "Escuela de Negocios del Valle", "Universidad del Valle Central", NULL } },
	{ "finance",
	  { "Financial Accounting|contabilidad financiera|Financial Accounting;Balance "
	    "Sheets;Income Statements;Journal Entries|Accounting Clerk|auxiliar contable",
	    "Personal Finance|finanzas personales|Personal Finance;Budgeting;Saving;Credit "
	    "Management;Retirement Planning|Financial Counselor|asesor financiero",
	    "Corporate Finance|finanzas corporativas|Corporate Finance;Valuation;Capital "
	    "Budgeting;Financial Modeling|Financial Analyst|analista financiero",
	    "Bookkeeping|teneduría de libros|Bookkeeping;QuickBooks;Accounts Payable;Accounts "
	    "Receivable;Payroll|Bookkeeper|tenedor de libros",
	    "Investment Management|gestión de inversiones|Investment Management;Portfolio "
	    "Management;Asset Allocation;Risk|Investment Associate|asociado de inversiones",
	    "Financial Modeling|modelado financiero|Financial Modeling;Microsoft "
	    "Excel;Forecasting;Valuation|Financial Analyst|analista financiero",
	    "Banking Operations|operaciones bancarias|Banking;Compliance;Customer "
	    "Service;Lending|Bank Teller|cajero bancario",
	    "Tax Preparation|preparación de impuestos|Tax Preparation;Tax Law;Individual "
	    "Returns;Compliance|Tax Preparer|preparador de impuestos",
	    "Managerial Accounting|contabilidad gerencial|Managerial Accounting;Cost "
	    "Accounting;Budgeting;Variance Analysis|Cost Accountant|contador de costos",
	    "Fintech|tecnología financiera|Fintech;Digital Payments;Blockchain;Financial "
	    "Services|Fintech Analyst|analista fintech",
	    "Insurance Fundamentals|fundamentos de seguros|Insurance;Underwriting;Claims;Risk "
	    "Assessment|Insurance Agent|agente de seguros",
	    "Economics|economía|Economics;Microeconomics;Macroeconomics;Market Analysis|Economic "
	    "Analyst|analista económico",
	    NULL },
	  { "Hudson Finance Institute", "Meridian School of Business",
	    "Great Lakes State University", "Empire Business Institute", "Northbridge University",
	    NULL },
	  { "Escuela de Negocios del Valle", "Universidad del Valle Central", NULL } },
	{ "marketing",
	  { "Digital Marketing|marketing digital|Digital Marketing;SEO;Email Marketing;Content "
	    "Marketing;Analytics|Digital Marketing Specialist|especialista en marketing digital",
	    "Social Media Marketing|marketing en redes sociales|Social Media Marketing;Content "
	    "Creation;Community Management;Advertising|Social Media Manager|gestor de redes "
	    "sociales",
	    "Search Engine Optimization|posicionamiento en buscadores (SEO)|Search Engine "
	    "Optimization;Keyword Research;Google Analytics;Content Strategy|SEO "
	    "Specialist|especialista en SEO",
	    "Content Marketing|marketing de contenidos|Content "
	    "Marketing;Copywriting;Storytelling;Editorial Planning|Content Marketer|especialista "
	    "en marketing de contenidos",
	    "Brand Management|gestión de marca|Brand Management;Brand "
	    "Strategy;Positioning;Consumer Insights|Brand Associate|asociado de marca",
	    "Marketing Analytics|analítica de marketing|Marketing Analytics;Google Analytics;A/B "
	    "Testing;Customer Segmentation|Marketing Analyst|analista de marketing",
	    "E-commerce|comercio electrónico|E-commerce;Online Stores;Conversion "
	    "Optimization;Digital Payments|E-commerce Coordinator|coordinador de comercio "
	    "electrónico",
	    "Email Marketing|email marketing|Email Marketing;Mailchimp;Automation;Audience "
	    "Segmentation|Email Marketing Specialist|especialista en email marketing",
	    "Advertising|publicidad|Advertising;Media Planning;Paid Search;Creative "
	    "Briefs|Advertising Coordinator|coordinador de publicidad",
	    "Public Relations|relaciones públicas|Public Relations;Media Relations;Press "
	    "Releases;Crisis Communication|PR Specialist|especialista en relaciones públicas",
	    "Market Research|investigación de mercados|Market Research;Surveys;Consumer "
	    "Behavior;Data Analysis|Market Research Analyst|analista de investigación de mercados",
	    NULL },
	  { "Meridian School of Business", "BrightPath Marketing Academy", "Harborview College",
	    "Northbridge University", "Empire Business Institute", NULL },
	  { "Escuela de Negocios del Valle", "Universidad del Valle Central", NULL } },
	{ "health-care",
	  { "Nursing|enfermería|Nursing;Patient Care;Clinical Skills;Medication "
	    "Administration;Care Planning|Registered Nurse|enfermero registrado",
	    "Public Health|salud pública|Public Health;Epidemiology;Health Promotion;Community "
	    "Health|Community Health Worker|promotor de salud comunitaria",
	    "Medical Terminology|terminología médica|Medical Terminology;Anatomy;Health "
	    "Records;Clinical Communication|Medical Records Technician|técnico de registros "
	    "médicos",
	    "Health Care Administration|administración de servicios de salud|Health Care "
	    "Administration;Health Policy;Operations;Finance|Health Services Manager|gerente de "
	    "servicios de salud",
	    "Patient Care|atención al paciente|Patient Care;Vital Signs;Infection Control;Patient "
	    "Safety;Communication|Patient Care Technician|técnico de atención al paciente",
	    "Pharmacy Technician Skills|técnico de farmacia|Pharmacy;Medication Safety;Dosage "
	    "Calculation;Pharmacology|Pharmacy Technician|técnico de farmacia",
	    "Mental Health|salud mental|Mental Health;Counseling;Crisis "
	    "Intervention;Psychology|Mental Health Technician|técnico de salud mental",
	    "Emergency Medical Services|servicios médicos de emergencia|Emergency Care;First "
	    "Aid;CPR;Patient Assessment|Emergency Medical Technician|técnico en emergencias "
	    "médicas",
	    "Health Informatics|informática de la salud|Health Informatics;Electronic Health "
	    "Records;Health Data;Privacy|Health Information Technician|técnico de información de "
	    "salud",
	    "Medical Billing and Coding|facturación y codificación médica|Medical "
	    "Coding;ICD-10;Medical Billing;Health Insurance|Medical Coder|codificador médico",
	    "Anatomy and Physiology|anatomía y fisiología|Anatomy;Physiology;Human Body;Medical "
	    "Terminology|Medical Assistant|asistente médico",
	    "Nutrition|nutrición|Nutrition;Healthy Eating;Dietetics;Food Safety|Nutrition "
	    "Aide|auxiliar de nutrición",
	    "Home Health Care|atención médica domiciliaria|Home Health Care;Personal Care;Elder "
	    "Care;Safety|Home Health Aide|auxiliar de salud a domicilio",
	    "Clinical Research|investigación clínica|Clinical Research;Clinical Trials;Research "
	    "Ethics;Data Management|Clinical Research Coordinator|coordinador de investigación "
	    "clínica",
	    "Infection Prevention|prevención de infecciones|Infection Control;Hand "
	    "Hygiene;Personal Protective Equipment;Sterilization|Infection Control Aide|auxiliar "
	    "de control de infecciones",
	    NULL },
	  { "Atlas Health Sciences University", "Empire State Health Academy",
	    "Hudson Valley Health Institute", "Northbridge University School of Medicine",
	    "Great Lakes State University", "Harborview College of Nursing", NULL },
	  { "Universidad de Ciencias de la Salud del Sur", "Universidad del Valle Central",
	    NULL } },
	{ "advanced-manufacturing",
	  { "Advanced Manufacturing|manufactura avanzada|Manufacturing "
	    "Processes;Automation;Quality Control;Lean Manufacturing|Manufacturing "
	    "Technician|técnico de manufactura",
	    "CNC Machining|mecanizado CNC|CNC Machining;G-code;Blueprint Reading;Precision "
	    "Measurement|CNC Machinist|operador de máquinas CNC",
	    "Industrial Robotics|robótica industrial|Robotics;Robot "
	    "Programming;Automation;Safety|Robotics Technician|técnico en robótica",
	    "Semiconductor Manufacturing|fabricación de semiconductores|Semiconductors;Cleanroom "
	    "Protocols;Wafer Fabrication;Process Control|Semiconductor Technician|técnico de "
	    "semiconductores",
	    "Additive Manufacturing|manufactura aditiva|3D Printing;Additive "
	    "Manufacturing;CAD;Materials|Additive Manufacturing Technician|técnico de manufactura "
	    "aditiva",
	    "Quality Control|control de calidad|Quality Control;Inspection;Statistical Process "
	    "Control;ISO 9001|Quality Inspector|inspector de calidad",
	    "Lean Six Sigma|Lean Six Sigma|Lean Six Sigma;Process Improvement;DMAIC;Root Cause "
	    "Analysis|Process Improvement Specialist|especialista en mejora de procesos",
	    "Electrical Circuits|circuitos eléctricos|Electrical Circuits;Ohm's "
	    "Law;Multimeters;Circuit Analysis|Electronics Technician|técnico en electrónica",
	    "Programmable Logic Controllers|controladores lógicos programables (PLC)|PLC "
	    "Programming;Ladder Logic;Industrial Automation;Troubleshooting|Automation "
	    "Technician|técnico en automatización",
	    "Computer-Aided Design|diseño asistido por computadora|CAD;3D Modeling;Technical "
	    "Drawing;Fusion 360|CAD Drafter|dibujante CAD",
	    "Photonics and Optics|fotónica y óptica|Photonics;Optics;Lasers;Optical "
	    "Measurement|Photonics Technician|técnico en fotónica",
	    "Mechanical Engineering|ingeniería mecánica|Mechanical "
	    "Engineering;Statics;Materials;Design|Mechanical Engineering Technician|técnico en "
	    "ingeniería mecánica",
	    "Industrial Maintenance|mantenimiento industrial|Industrial "
	    "Maintenance;Hydraulics;Pneumatics;Preventive Maintenance|Maintenance "
	    "Technician|técnico de mantenimiento",
	    "Electric Vehicle Technology|tecnología de vehículos eléctricos|Electric "
	    "Vehicles;Batteries;Power Electronics;Motors|EV Technician|técnico de vehículos "
	    "eléctricos",
	    NULL },
	  { "Keystone Polytechnic", "Empire Manufacturing Institute",
	    "Lakeshore Institute of Technology", "Mohawk Valley Technical College",
	    "Great Lakes State University", NULL },
	  { "Universidad Tecnológica del Pacífico", "Instituto Tecnológico de Monterrey Norte",
	    NULL } },
	{ "education",
	  { "Teaching Strategies|estrategias de enseñanza|Teaching;Classroom Management;Lesson "
	    "Planning;Assessment|Teacher Assistant|asistente de maestro",
	    "Instructional Design|diseño instruccional|Instructional Design;E-learning;Curriculum "
	    "Development;Adult Learning|Instructional Designer|diseñador instruccional",
	    "Early Childhood Education|educación infantil|Early Childhood Education;Child "
	    "Development;Play-Based Learning;Family Engagement|Preschool Teacher|maestro de "
	    "preescolar",
	    "Online Teaching|enseñanza en línea|Online Teaching;Learning Management "
	    "Systems;Engagement;Digital Tools|Online Instructor|instructor en línea",
	    "Special Education|educación especial|Special Education;Inclusion;Individualized "
	    "Education Programs;Behavior Support|Paraprofessional|paraprofesional",
	    "Tutoring|tutoría|Tutoring;Reading Instruction;Math Instruction;Study "
	    "Skills|Tutor|tutor",
	    "Teaching English as a Second Language|enseñanza de inglés como segunda "
	    "lengua|ESL;Language Teaching;Lesson Planning;Grammar|ESL Instructor|instructor de "
	    "inglés",
	    "Educational Technology|tecnología educativa|Educational Technology;Digital "
	    "Literacy;Blended Learning|Education Technology Specialist|especialista en tecnología "
	    "educativa",
	    "Adult Education|educación de adultos|Adult Learning;Workforce "
	    "Training;Facilitation|Workforce Trainer|capacitador laboral",
	    NULL },
	  { "Harborview College", "Northbridge University School of Education",
	    "Great Lakes State University", "Empire Teaching Institute", NULL },
	  { "Universidad Pedagógica del Sur", "Universidad del Valle Central", NULL } },
	{ "hospitality",
	  { "Hospitality Management|gestión hotelera|Hospitality;Guest Services;Front Office "
	    "Operations;Revenue Management|Front Desk Manager|gerente de recepción",
	    "Food Safety|seguridad alimentaria|Food Safety;Sanitation;HACCP;Food Handling|Food "
	    "Service Worker|trabajador de servicio de alimentos",
	    "Restaurant Management|gestión de restaurantes|Restaurant Management;Cost "
	    "Control;Staffing;Customer Service|Restaurant Manager|gerente de restaurante",
	    "Tourism Management|gestión turística|Tourism;Destination Marketing;Travel "
	    "Services;Sustainability|Tour Coordinator|coordinador turístico",
	    "Event Planning|planificación de eventos|Event Planning;Budgeting;Vendor "
	    "Management;Logistics|Event Coordinator|coordinador de eventos",
	    "Culinary Arts|artes culinarias|Culinary Arts;Cooking Techniques;Menu Planning;Kitchen "
	    "Safety|Line Cook|cocinero de línea",
	    "Wine and Beverage Management|gestión de vinos y bebidas|Wine;Beverage "
	    "Service;Inventory;Pairing|Sommelier|sommelier",
	    "Customer Experience|experiencia del cliente|Customer Experience;Service "
	    "Design;Feedback;Loyalty|Guest Experience Associate|asociado de experiencia del "
	    "huésped",
	    NULL },
	  { "Finger Lakes Hospitality School", "Harborview College", "Empire Business Institute",
	    "Northbridge University", NULL },
	  { "Escuela de Hotelería del Caribe", "Universidad del Valle Central", NULL } },
	{ "construction-trades",
	  { "Construction Management|gestión de la construcción|Construction "
	    "Management;Scheduling;Estimating;Contracts|Construction Manager|gerente de "
	    "construcción",
	    "Construction Safety|seguridad en la construcción|OSHA;Construction Safety;Hazard "
	    "Recognition;Fall Protection|Safety Coordinator|coordinador de seguridad",
	    "Electrical Wiring|instalaciones eléctricas|Electrical Wiring;National Electrical "
	    "Code;Circuits;Safety|Electrician Apprentice|aprendiz de electricista",
	    "HVAC Fundamentals|fundamentos de climatización (HVAC)|HVAC;Refrigeration;Heating "
	    "Systems;Troubleshooting|HVAC Technician|técnico de climatización",
	    "Welding|soldadura|Welding;Blueprint Reading;Metal Fabrication;Safety|Welder|soldador",
	    "Building Information Modeling|modelado de información de construcción "
	    "(BIM)|BIM;Revit;Construction Documents;3D Modeling|BIM Technician|técnico BIM",
	    "Green Building and Energy Efficiency|construcción sostenible y eficiencia "
	    "energética|Energy Efficiency;Green Building;LEED;Building Science|Energy "
	    "Auditor|auditor energético",
	    "Solar Energy Installation|instalación de energía solar|Solar Energy;Photovoltaic "
	    "Systems;Electrical Safety;Installation|Solar Installer|instalador solar",
	    "Carpentry|carpintería|Carpentry;Framing;Blueprint Reading;Tools|Carpenter "
	    "Apprentice|aprendiz de carpintero",
	    "Plumbing|plomería|Plumbing;Pipe Fitting;Codes;Water Systems|Plumber "
	    "Apprentice|aprendiz de plomero",
	    "Construction Estimating|presupuestos de construcción|Estimating;Cost "
	    "Analysis;Takeoffs;Bidding|Cost Estimator|estimador de costos",
	    NULL },
	  { "Empire Trades Institute", "Keystone Polytechnic", "Mohawk Valley Technical College",
	    "Great Lakes State University", NULL },
	  { "Universidad Tecnológica del Pacífico", "Instituto de Oficios del Sur", NULL } },
	{ "transportation-logistics",
	  { "Supply Chain Management|gestión de la cadena de suministro|Supply "
	    "Chain;Procurement;Inventory Management;Demand Planning|Supply Chain Analyst|analista "
	    "de cadena de suministro",
	    "Logistics|logística|Logistics;Transportation;Distribution;Warehouse "
	    "Management|Logistics Coordinator|coordinador de logística",
	    "Warehouse Operations|operaciones de almacén|Warehouse Operations;Inventory "
	    "Control;Forklift Safety;Order Fulfillment|Warehouse Supervisor|supervisor de almacén",
	    "Procurement|compras y abastecimiento|Procurement;Sourcing;Supplier "
	    "Management;Negotiation|Purchasing Agent|agente de compras",
	    "Transportation Management|gestión del transporte|Transportation "
	    "Management;Routing;Fleet Management;Regulations|Dispatcher|despachador",
	    "Drone Operations|operación de drones|Drones;FAA Part 107;Aerial Imaging;Flight "
	    "Safety|Drone Pilot|piloto de drones",
	    "Inventory Management|gestión de inventarios|Inventory Management;Forecasting;ERP "
	    "Systems;Cycle Counting|Inventory Specialist|especialista en inventarios",
	    "Global Trade and Customs|comercio internacional y aduanas|International "
	    "Trade;Customs;Import/Export;Compliance|Customs Broker Assistant|asistente de agente "
	    "aduanal",
	    NULL },
	  { "Empire Logistics Institute", "Great Lakes State University",
	    "Meridian School of Business", "Riverbend Tech Academy", NULL },
	  { "Universidad del Valle Central", "Escuela de Negocios del Valle", NULL } },
	{ "public-service",
	  { "Public Policy|políticas públicas|Public Policy;Policy "
	    "Analysis;Government;Economics|Policy Analyst|analista de políticas",
	    "Public Administration|administración pública|Public "
	    "Administration;Budgeting;Government Operations;Ethics|Program Coordinator|coordinador "
	    "de programas",
	    "Nonprofit Management|gestión de organizaciones sin fines de lucro|Nonprofit "
	    "Management;Fundraising;Grant Writing;Volunteer Management|Program Manager|gerente de "
	    "programas",
	    "Emergency Management|gestión de emergencias|Emergency Management;Disaster "
	    "Response;Preparedness;Incident Command|Emergency Management Specialist|especialista "
	    "en gestión de emergencias",
	    "Criminal Justice|justicia penal|Criminal Justice;Law "
	    "Enforcement;Corrections;Ethics|Corrections Officer|oficial correccional",
	    "Social Work|trabajo social|Social Work;Case Management;Community "
	    "Resources;Advocacy|Case Manager|gestor de casos",
	    "Introduction to Law|introducción al derecho|Law;Contracts;Legal "
	    "Research;Constitutional Law|Paralegal|asistente legal",
	    "Community Development|desarrollo comunitario|Community "
	    "Development;Organizing;Housing;Economic Development|Community Organizer|organizador "
	    "comunitario",
	    NULL },
	  { "Capital Region Public Affairs School", "Northbridge University",
	    "Great Lakes State University", "Empire Civic Institute", NULL },
	  { "Universidad del Valle Central", "Universidad Pedagógica del Sur", NULL } },
	{ "creative-media",
	  { "Graphic Design|diseño gráfico|Graphic Design;Typography;Adobe "
	    "Illustrator;Layout;Color Theory|Graphic Designer|diseñador gráfico",
	    "UX Design|diseño de experiencia de usuario (UX)|UX Design;User "
	    "Research;Wireframing;Prototyping;Usability Testing|UX Designer|diseñador UX",
	    "Video Production|producción de video|Video "
	    "Production;Editing;Cinematography;Storyboarding|Video Editor|editor de video",
	    "Game Design|diseño de videojuegos|Game Design;Level Design;Unity;Prototyping|Game "
	    "Designer|diseñador de videojuegos",
	    "Photography|fotografía|Photography;Lighting;Composition;Photo "
	    "Editing|Photographer|fotógrafo",
	    "Music Production|producción musical|Music Production;Audio Engineering;Mixing;Digital "
	    "Audio Workstations|Audio Technician|técnico de audio",
	    "Creative Writing|escritura creativa|Creative "
	    "Writing;Storytelling;Editing;Narrative|Content Writer|redactor de contenidos",
	    "Animation|animación|Animation;Motion Graphics;Storyboarding;After "
	    "Effects|Animator|animador",
	    "Journalism|periodismo|Journalism;Reporting;Interviewing;Fact-Checking|Reporter|"
	    "reportero",
	    "Film and Television Production|producción de cine y televisión|Film "
	    "Production;Production Management;Scheduling;Camera Operation|Production "
	    "Assistant|asistente de producción",
	    NULL },
	  { "Brooklyn Institute of Design", "Harborview College", "Northbridge University",
	    "Hudson Media Academy", NULL },
	  { "Escuela de Artes y Medios del Sur", "Universidad del Valle Central", NULL } },
	{ "personal-development",
	  { "Career Development|desarrollo profesional|Career Planning;Resume "
	    "Writing;Interviewing;Networking|Job Seeker|buscador de empleo",
	    "Time Management|gestión del tiempo|Time Management;Productivity;Prioritization;Goal "
	    "Setting|Administrative Assistant|asistente administrativo",
	    "Emotional Intelligence|inteligencia emocional|Emotional "
	    "Intelligence;Self-Awareness;Empathy;Relationship Management|Team Member|miembro de "
	    "equipo",
	    "Critical Thinking|pensamiento crítico|Critical Thinking;Problem "
	    "Solving;Logic;Decision Making|Analyst|analista",
	    "Resilience and Well-Being|resiliencia y bienestar|Resilience;Stress "
	    "Management;Well-Being;Mindfulness|Team Member|miembro de equipo",
	    "Public Speaking|hablar en público|Public "
	    "Speaking;Presentations;Confidence;Storytelling|Trainer|capacitador",
	    "Digital Literacy|alfabetización digital|Digital Literacy;Email;Online Safety;Office "
	    "Software|Office Clerk|auxiliar de oficina",
	    "Job Search Skills|habilidades para buscar empleo|Job Search;Resume "
	    "Writing;LinkedIn;Interviewing|Job Seeker|buscador de empleo",
	    "English for the Workplace|inglés para el trabajo|English;Workplace "
	    "Communication;Vocabulary;Writing|Customer Service Representative|representante de "
	    "atención al cliente",
	    NULL },
	  { "Northbridge University", "Harborview College", "Great Lakes State University",
	    "Empire Career Institute", NULL },
	  { "Universidad del Valle Central", "Universidad Pedagógica del Sur", NULL } },
};

/* Title patterns: English (%s = topic), Spanish (%s = tema, lowercase). */
static const char *const course_en[] = {
	"Introduction to %s",
	"%s Fundamentals",
	"%s for Beginners",
	"Applied %s",
	"Advanced %s",
	"%s in Practice",
	"Foundations of %s",
	"%s Essentials",
	"Getting Started with %s",
	"%s: Tools and Techniques",
	"Intermediate %s",
	"%s for Professionals",
	"Principles of %s",
	"Hands-On %s",
	"%s Capstone Project",
	"%s for the Workplace",
};
static const char *const spec_en[] = { "%s Specialization", "%s for Careers Specialization",
				       "Applied %s Specialization" };
static const char *const cert_en[] = { "%s Professional Certificate" }; /* %s = job title */
static const char *const guided_en[] = { "Hands-On %s Project", "%s: A Practical Guided Project" };
static const char *const course_es[] = { "Introducción a %s",	  "Fundamentos de %s",
					 "%s para principiantes", "Curso práctico de %s",
					 "%s en el trabajo",	  "Herramientas de %s" };
static const char *const spec_es[] = { "Especialización en %s" };
static const char *const cert_es[] = { "Certificado profesional de %s" }; /* puesto */

/* Added to titles once every topic and pattern has been used (the benchmark's 400,000). */
static const char *const audiences[] = {
	"for Career Changers",
	"in New York",
	"for Teams",
	"Part II",
	"Workshop",
	"Lab",
	"for Managers",
	"for Small Businesses",
	"Bootcamp",
	"Refresher",
	"Part III",
	"for Entry-Level Jobs",
	"Intensive",
	"for Supervisors",
	"Review",
	"Part IV",
};
static const char *const audiences_es[] = {
	"para cambiar de carrera",
	"en Nueva York",
	"para equipos",
	"parte II",
	"taller",
	"laboratorio",
	"para supervisores",
	"para pequeñas empresas",
	"intensivo",
	"repaso",
	"parte III",
	"para empleos de nivel inicial",
	"práctico",
	"para gerentes",
	"módulo II",
	"parte IV",
};

/* ---- building programs -------------------------------------------------------------------- */

/* Ends every generated partner's name: generated programs are examples, never a real
 * partner's. */
#define EXAMPLE_MARK " (example)"

struct gen_program {
	char title[256], partner[96], kind[32], industry[32], level[16], language[4];
	char subtitles[32], skills[512], description[1600], syllabus[1400];
	int hours_min, hours_max, reviews;
	double rating;
};

/* Splits "a|b|c|d|e" topic entries. */
static int topic_part(const char *topic, int idx, char *out, size_t cap)
{
	const char *p = topic;
	int i;
	size_t len;

	for (i = 0; i < idx && p; i++) {
		p = strchr(p, '|');
		if (p)
			p++;
	}
	if (!p)
		return -1;
	len = strchr(p, '|') ? (size_t)(strchr(p, '|') - p) : strlen(p);
	if (len >= cap)
		len = cap - 1;
	memcpy(out, p, len);
	out[len] = '\0';
	return 0;
}

/* Copies pattern to out with its one "%s" replaced by arg (patterns are data, not formats). */
static void fill(char *out, size_t cap, const char *pattern, const char *arg)
{
	const char *hole = strstr(pattern, "%s");
	size_t pre = hole ? (size_t)(hole - pattern) : strlen(pattern);

	snprintf(out, cap, "%.*s%s%s", (int)pre, pattern, hole ? arg : "", hole ? hole + 2 : "");
}

static void upper_first(char *s)
{
	if (*s >= 'a' && *s <= 'z')
		*s = (char)(*s - 32);
	else if ((unsigned char)s[0] == 0xC3 && (unsigned char)s[1] >= 0xA0 &&
		 (unsigned char)s[1] <= 0xBE)
		s[1] = (char)((unsigned char)s[1] - 0x20); /* á -> Á etc. */
}

/* Removes a word that repeats the one before it ("Applied Applied Data Science" becomes
 * "Applied Data Science"), comparing without case. */
static void drop_doubled_words(char *s)
{
	char *w = s, *prev = NULL, *out = s;
	size_t prev_len = 0;

	while (*w) {
		char *e = w;
		size_t len;
		while (*e && *e != ' ')
			e++;
		len = (size_t)(e - w);
		if (prev && len == prev_len && !strncasecmp(prev, w, len)) {
			w = *e ? e + 1 : e;
			continue;
		}
		if (out != s)
			*out++ = ' ';
		memmove(out, w, len);
		prev = out;
		prev_len = len;
		out += len;
		w = *e ? e + 1 : e;
	}
	*out = '\0';
}

static const char *const levels_pick[] = { "beginner",	   "beginner",	   "beginner",
					   "beginner",	   "beginner",	   "intermediate",
					   "intermediate", "intermediate", "advanced",
					   "mixed" };

/* Fills rating, reviews, level, hours and subtitles believably for kind. */
static void gen_numbers(struct gen_program *g, struct rng *r)
{
	double u = rng_unit(r);

	g->rating = round((4.2 + 0.75 * sqrt(rng_unit(r))) * 10) / 10;
	if (rng_unit(r) < 0.04)
		g->rating = 0; /* too new to be rated */
	/* reviews: log-uniform-ish, most programs have a few hundred */
	g->reviews = g->rating > 0 ? (int)pow(10, 1.0 + 3.6 * u * u) : 0;
	if (!strcmp(g->kind, "professional-certificate")) {
		g->hours_min = 40 * rng_int(r, 2, 4);
		g->hours_max = g->hours_min + 40 * rng_int(r, 1, 3);
		g->reviews *= 3;
	} else if (!strcmp(g->kind, "specialization")) {
		g->hours_min = 40 * rng_int(r, 1, 3);
		g->hours_max = g->hours_min + 40 * rng_int(r, 1, 2);
	} else if (!strcmp(g->kind, "guided-project")) {
		g->hours_min = 1;
		g->hours_max = 2;
		g->reviews /= 10;
	} else {
		g->hours_min = rng_int(r, 4, 20);
		g->hours_max = g->hours_min + rng_int(r, 2, 16);
	}
}

static void gen_subtitles(struct gen_program *g, struct rng *r)
{
	static const char *const extra[] = { "fr", "pt", "de", "zh", "ar", "ru", "ko", "it" };
	int i, n = rng_int(r, 0, 3);

	if (!strcmp(g->language, "es"))
		snprintf(g->subtitles, sizeof(g->subtitles), "es%s",
			 rng_unit(r) < 0.6 ? ",en" : "");
	else
		snprintf(g->subtitles, sizeof(g->subtitles), "en%s",
			 rng_unit(r) < 0.7 ? ",es" : "");
	for (i = 0; i < n; i++) {
		const char *x = extra[rng_int(r, 0, 7)];
		if (!strstr(g->subtitles, x) && strlen(g->subtitles) + 4 < sizeof(g->subtitles)) {
			strcat(g->subtitles, ",");
			strcat(g->subtitles, x);
		}
	}
}

/* Description and syllabus in the program's language, from its topic and skills. */
static void gen_text(struct gen_program *g, const char *topic, const char *role, struct rng *r)
{
	char sk[8][64];
	int n = 0, i, m, h;
	const char *p = g->skills;
	size_t o = 0;
	int es = !strcmp(g->language, "es");
	static const char *const mod_en[] = {
		"Getting started with %s", "Core ideas of %s",	       "Working with %s",
		"%s in practice",	   "Solving problems with %s", "Case study: %s",
		"Putting %s to work",	   "Review and next steps: %s"
	};
	static const char *const mod_es[] = {
		"Primeros pasos con %s",    "Conceptos clave de %s",	  "Trabajar con %s",
		"%s en la práctica",	    "Resolver problemas con %s",  "Caso de estudio: %s",
		"Aplicar %s en el trabajo", "Repaso y próximos pasos: %s"
	};

	while (*p && n < 8) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		snprintf(sk[n++], sizeof(sk[0]), "%.*s", (int)(len < 63 ? len : 63), p);
		p += len + (e ? 1 : 0);
	}
	if (es)
		snprintf(g->description, sizeof(g->description),
			 "En este programa aprenderá %s paso a paso, con ejercicios prácticos y "
			 "ejemplos del mundo laboral. Desarrollará habilidades en %s%s%s. "
			 "Está pensado para quienes buscan trabajo como %s y no requiere %s. "
			 "Al terminar, podrá aplicar lo aprendido en su próximo empleo en Nueva "
			 "York.",
			 topic, sk[0], n > 1 ? " y " : "", n > 1 ? sk[1] : "", role,
			 !strcmp(g->level, "beginner") ? "experiencia previa"
						       : "más que conocimientos básicos");
	else
		snprintf(g->description, sizeof(g->description),
			 "This program teaches %s step by step, with hands-on exercises and "
			 "examples from real workplaces. You will build skills in %s%s%s, and "
			 "practice them on projects you can show an employer. It suits people "
			 "preparing for work as a %s%s. By the end you will be ready to use "
			 "these skills in a job in New York's %s sector.",
			 topic, sk[0], n > 1 ? " and " : "", n > 1 ? sk[1] : "", role,
			 !strcmp(g->level, "beginner") ? "; no prior experience is required"
						       : "; some experience helps",
			 g->industry);
	m = !strcmp(g->kind, "guided-project") ? 2 : rng_int(r, 4, 7);
	h = g->hours_max / (m ? m : 1);
	if (h < 1)
		h = 1;
	for (i = 0; i < m && o + 200 < sizeof(g->syllabus); i++) {
		char mt[160];
		const char *s = sk[(i + rng_int(r, 0, 1)) % n];
		if (es)
			fill(mt, sizeof(mt), mod_es[i % 8], s);
		else
			fill(mt, sizeof(mt), mod_en[i % 8], s);
		o += (size_t)snprintf(g->syllabus + o, sizeof(g->syllabus) - o, "%s%s|%s|%d",
				      i ? "\n" : "", mt,
				      es ? "Lecturas, videos y una práctica evaluada."
					 : "Videos, readings and a graded practice exercise.",
				      h);
	}
}

static void from_named(const struct named *nm, const char *language, struct gen_program *g,
		       struct rng *r)
{
	char topic[160];

	memset(g, 0, sizeof(*g));
	snprintf(g->title, sizeof(g->title), "%s", nm->title);
	snprintf(g->partner, sizeof(g->partner), "%s", nm->partner);
	snprintf(g->kind, sizeof(g->kind), "%s", nm->kind);
	snprintf(g->industry, sizeof(g->industry), "%s", nm->industry);
	snprintf(g->level, sizeof(g->level), "%s", nm->level);
	snprintf(g->language, sizeof(g->language), "%s", language);
	snprintf(g->skills, sizeof(g->skills), "%s", nm->skills);
	g->rating = nm->rating;
	g->reviews = nm->reviews;
	g->hours_min = nm->hours_min;
	g->hours_max = nm->hours_max;
	gen_subtitles(g, r);
	snprintf(topic, sizeof(topic), "%s", nm->skills);
	if (strchr(topic, ';'))
		*strchr(topic, ';') = '\0';
	gen_text(g, topic,
		 !strcmp(language, "es") ? "profesional del área" : "professional in the field", r);
}

/* One generated program: topic t of industry ind, pattern choice k. Returns 0 or -1. */
static int from_topic(const struct industry_topics *ind, const char *topic, int spanish, unsigned k,
		      int variant, struct gen_program *g, struct rng *r)
{
	char name[128], name_es[128], skills[400], role[96], role_es[96], t[256];
	const char *pattern;

	memset(g, 0, sizeof(*g));
	if (topic_part(topic, 0, name, sizeof(name)) ||
	    topic_part(topic, 1, name_es, sizeof(name_es)) ||
	    topic_part(topic, 2, skills, sizeof(skills)) ||
	    topic_part(topic, 3, role, sizeof(role)) ||
	    topic_part(topic, 4, role_es, sizeof(role_es)))
		return -1;
	snprintf(g->industry, sizeof(g->industry), "%s", ind->industry);
	snprintf(g->language, sizeof(g->language), "%s", spanish ? "es" : "en");
	if (spanish) {
		unsigned c = (unsigned)rng_int(r, 0, 9);
		if (c > 7)
			c = c % 6;
		if (c < 6) {
			pattern = course_es[c];
			snprintf(g->kind, sizeof(g->kind), "course");
			fill(t, sizeof(t), pattern, name_es);
		} else if (c == 6) {
			snprintf(g->kind, sizeof(g->kind), "specialization");
			fill(t, sizeof(t), spec_es[0], name_es);
		} else {
			snprintf(g->kind, sizeof(g->kind), "professional-certificate");
			fill(t, sizeof(t), cert_es[0], role_es);
		}
		upper_first(t);
		snprintf(g->partner, sizeof(g->partner), "%s" EXAMPLE_MARK,
			 ind->partners_es[rng_int(r, 0, ind->partners_es[1] ? 1 : 0)]);
	} else {
		unsigned c = k % 22;
		if (c < 16) {
			snprintf(g->kind, sizeof(g->kind), "course");
			fill(t, sizeof(t), course_en[c], name);
		} else if (c < 19) {
			snprintf(g->kind, sizeof(g->kind), "specialization");
			fill(t, sizeof(t), spec_en[c - 16], name);
		} else if (c < 20) {
			snprintf(g->kind, sizeof(g->kind), "professional-certificate");
			fill(t, sizeof(t), cert_en[0], role);
		} else {
			snprintf(g->kind, sizeof(g->kind), "guided-project");
			fill(t, sizeof(t), guided_en[c - 20], name);
		}
		{
			int np = 0;
			while (np < 8 && ind->partners[np])
				np++;
			snprintf(g->partner, sizeof(g->partner), "%s" EXAMPLE_MARK,
				 ind->partners[rng_int(r, 0, np - 1)]);
		}
	}
	if (variant > 0) {
		size_t tl = strlen(t);
		unsigned a = (unsigned)(variant - 1 + k) % 16;
		const char *aud = spanish ? audiences_es[a] : audiences[a];
		/* one audience per title: no "for Beginners for Teams" */
		if ((strstr(t, " for ") || strstr(t, " para ")) &&
		    (!strncmp(aud, "for ", 4) || !strncmp(aud, "para ", 5)))
			aud = spanish ? "taller" : "Workshop";
		snprintf(t + tl, sizeof(t) - tl, " %s", aud);
		if (variant > 16) {
			tl = strlen(t);
			snprintf(t + tl, sizeof(t) - tl, " %d", (variant - 1) / 16 + 1);
		}
	}
	drop_doubled_words(t);
	/* "SQL for Data Science for Beginners" reads badly: leave that combination out */
	if ((strstr(t, " for ") && strstr(strstr(t, " for ") + 4, " for ")) ||
	    (strstr(t, " para ") && strstr(strstr(t, " para ") + 5, " para ")))
		return -1;
	snprintf(g->title, sizeof(g->title), "%s", t);
	snprintf(g->level, sizeof(g->level), "%s", levels_pick[rng_int(r, 0, 9)]);
	if (strstr(t, "Advanced") || strstr(t, "Capstone"))
		snprintf(g->level, sizeof(g->level), "advanced");
	else if (strstr(t, "Introduction") || strstr(t, "Beginners") || strstr(t, "Fundamentos") ||
		 strstr(t, "Introducción") || strstr(t, "principiantes") ||
		 strstr(t, "Getting Started"))
		snprintf(g->level, sizeof(g->level), "beginner");
	snprintf(g->skills, sizeof(g->skills), "%s", skills);
	gen_numbers(g, r);
	gen_subtitles(g, r);
	gen_text(g, spanish ? name_es : name, spanish ? role_es : role, r);
	return 0;
}

/* ---- writing ------------------------------------------------------------------------------ */

/* The generator's state between its transactions (a large catalog is written in chunks,
 * so no single transaction grows without bound). */
struct seed_ctx {
	int n, inserted, stop_at;
	struct rng r;
	int64_t seq;
	int named_done, variant;
	int over_listing; /* seeding over the provider's listing: FAQ titles it lacks, no anchors */
	uint32_t *order;
	size_t ncomb, ci;
};

static int insert_program(struct db *db, const struct gen_program *g, const char *source,
			  const char *now, int64_t seq)
{
	struct stmt *st;
	char slug[128];
	int rc;

	catalog_slugify(g->title, slug, sizeof(slug));
	for (int attempt = 0; attempt < 3; attempt++) {
		st = db_prepare(db,
				"INSERT INTO programs (slug, kind, title, partner, description, "
				"level, language, subtitles, hours_min, hours_max, duration, "
				"rating, reviews, skills, syllabus, industry, url, static_score, "
				"active, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
				"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, 1, ?, ?, ?) "
				"ON CONFLICT (slug) DO NOTHING");
		stmt_bind_text(st, 1, slug);
		stmt_bind_text(st, 2, g->kind);
		stmt_bind_text(st, 3, g->title);
		stmt_bind_text(st, 4, g->partner);
		stmt_bind_text(st, 5, g->description);
		stmt_bind_text(st, 6, g->level);
		stmt_bind_text(st, 7, g->language);
		stmt_bind_text(st, 8, g->subtitles);
		stmt_bind_int(st, 9, g->hours_min);
		stmt_bind_int(st, 10, g->hours_max);
		stmt_bind_text(st, 11, catalog_duration_bucket(g->hours_max));
		if (g->rating > 0)
			stmt_bind_double(st, 12, g->rating);
		else
			stmt_bind_null(st, 12);
		stmt_bind_int(st, 13, g->reviews);
		stmt_bind_text(st, 14, g->skills);
		stmt_bind_text(st, 15, g->syllabus);
		stmt_bind_text(st, 16, g->industry);
		stmt_bind_int(st, 17, search_static_score(g->rating, g->reviews, g->kind));
		stmt_bind_text(st, 18, source);
		stmt_bind_text(st, 19, now);
		stmt_bind_text(st, 20, now);
		rc = stmt_step(st);
		stmt_done(st);
		if (rc != DB_DONE)
			return -1;
		if (db_changes(db) > 0)
			return 1;
		/* the same title at another partner: add the partner, then a number */
		{
			char ps[64], base[128];
			catalog_slugify(g->partner, ps, sizeof(ps));
			snprintf(base, sizeof(base), "%.60s", slug);
			if (attempt == 0)
				snprintf(slug, sizeof(slug), "%.60s-%.60s", base, ps);
			else
				snprintf(slug, sizeof(slug), "%.60s-%lld", base, (long long)seq);
		}
	}
	return 0;
}

/* 1 when a program with this title (any case) is already in the catalog. */
static int title_listed(struct db *db, const char *title)
{
	struct stmt *st = db_prepare(db, "SELECT 1 FROM programs WHERE lower(title) = lower(?)");
	int found;

	stmt_bind_text(st, 1, title);
	found = stmt_step(st) == DB_ROW;
	stmt_done(st);
	return found;
}

/* The generator proper: named programs first, then topic x pattern combinations in a
 * shuffled but fixed order (Spanish ones at a steady share), until c->stop_at programs. */
static int generate(struct db *db, void *p)
{
	struct seed_ctx *c = p;
	struct gen_program g;
	char now[ISO_LEN];
	size_t i;
	int rc;

	iso_now(now);
	if (search_migrate(db) != 0) /* the index follows every insert from here on */
		return DB_ERR;
	if (!c->named_done) {
		for (i = 0; i < sizeof(faq_titles) / sizeof(faq_titles[0]); i++) {
			from_named(&faq_titles[i], "en", &g, &c->r);
			if (c->over_listing && title_listed(db, g.title))
				continue;
			if ((rc = insert_program(db, &g, "faq", now, c->seq++)) < 0)
				return DB_ERR;
			c->inserted += rc;
		}
		for (i = 0; !c->over_listing && i < sizeof(anchors) / sizeof(anchors[0]); i++) {
			from_named(&anchors[i], "en", &g, &c->r);
			if ((rc = insert_program(db, &g, "seed", now, c->seq++)) < 0)
				return DB_ERR;
			c->inserted += rc;
		}
		for (i = 0; !c->over_listing && i < sizeof(anchors_es) / sizeof(anchors_es[0]);
		     i++) {
			from_named(&anchors_es[i], "es", &g, &c->r);
			if ((rc = insert_program(db, &g, "seed", now, c->seq++)) < 0)
				return DB_ERR;
			c->inserted += rc;
		}
		c->named_done = 1;
	}
	while (c->inserted < c->stop_at) {
		const struct industry_topics *ind;
		const char *topic;
		unsigned k;
		int spanish;
		if (c->ci == 0) {
			/* a fresh shuffle per round; later rounds add an audience to the title */
			size_t j, x;
			for (x = c->ncomb - 1; x > 0; x--) {
				uint32_t tmp = c->order[x];
				j = rng_next(&c->r) % (x + 1);
				c->order[x] = c->order[j];
				c->order[j] = tmp;
			}
		}
		ind = &industries[c->order[c->ci] >> 10];
		topic = ind->topics[(c->order[c->ci] >> 5) & 31];
		k = c->order[c->ci] & 31;
		/* about 1 in 8 is taught in Spanish */
		spanish = (k % 7) == 3 && rng_unit(&c->r) < 0.9;
		if (from_topic(ind, topic, spanish, k, c->variant, &g, &c->r) == 0 &&
		    !(c->over_listing && title_listed(db, g.title))) {
			if ((rc = insert_program(db, &g, "example", now, c->seq++)) < 0)
				return DB_ERR;
			c->inserted += rc;
		}
		if (++c->ci == c->ncomb) {
			c->ci = 0;
			c->variant++;
		}
	}
	catalog_touch(db);
	return 0;
}

static int optimize_fn(struct db *db, void *p)
{
	(void)p;
	return search_optimize(db) == 0 ? 0 : DB_ERR;
}

/* Curated lists: for each region, industry by industry, its weight x 12 programs of that
 * industry, best prior first with a per-region shuffle among near equals, so the lists of
 * two regions with the same industry differ a little. Ranks interleave industries by weight. */
static int curate(struct db *db, void *p)
{
	struct arena a;
	struct stmt *st;
	int64_t region_ids[32];
	char *industries_of[32];
	size_t nreg = 0, ri;
	int rc = 0;

	(void)p;
	arena_init(&a);
	st = db_prepare(db, "SELECT id, industries FROM regions ORDER BY id");
	while (stmt_step(st) == DB_ROW && nreg < 32) {
		region_ids[nreg] = stmt_int(st, 0);
		industries_of[nreg++] = stmt_text_dup(st, 1, &a);
	}
	stmt_done(st);
	for (ri = 0; ri < nreg; ri++) {
		struct pick {
			int64_t id;
			double score;
			const char *industry;
		} *picks = NULL;
		size_t npicks = 0, cap = 0, k;
		char *list = industries_of[ri], *save = NULL, *item;
		struct rng r = { 0x5EEDu + (uint64_t)region_ids[ri] * 7919u };

		for (item = strtok_r(list, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
			char *colon = strchr(item, ':');
			int w = colon ? atoi(colon + 1) : 1, taken = 0, spanish = 0;
			if (colon)
				*colon = '\0';
			if (w < 1)
				w = 1;
			st = db_prepare(db, "SELECT id, static_score, language FROM programs WHERE "
					    "active = 1 AND industry = ? AND source <> 'example' "
					    "ORDER BY static_score DESC, id LIMIT 400");
			stmt_bind_text(st, 1, item);
			while (stmt_step(st) == DB_ROW && taken < w * 12) {
				double s = (double)stmt_int(st, 1) / 1e6;
				int es = !strcmp(stmt_text(st, 2), "es");
				/* keep some Spanish programs in every industry's share */
				if (es && spanish >= w + 1)
					continue;
				if (rng_unit(&r) < 0.25)
					continue; /* regional variety */
				spanish += es;
				if (npicks == cap) {
					struct pick *np = arena_alloc(
						&a, (cap = cap ? cap * 2 : 128) * sizeof(*np));
					if (npicks)
						memcpy(np, picks, npicks * sizeof(*np));
					picks = np;
				}
				picks[npicks].id = stmt_int(st, 0);
				picks[npicks].score = (0.5 + s) * w * (1.0 - 0.04 * taken / w) +
						      0.3 * rng_unit(&r);
				picks[npicks].industry = arena_strdup(&a, item);
				npicks++;
				taken++;
			}
			stmt_done(st);
		}
		/* rank: highest score first (selection sort is fine for a few hundred) */
		for (k = 0; k < npicks; k++) {
			size_t best = k, j;
			struct pick tmp;
			for (j = k + 1; j < npicks; j++)
				if (picks[j].score > picks[best].score)
					best = j;
			tmp = picks[k];
			picks[k] = picks[best];
			picks[best] = tmp;
			st = db_prepare(db,
					"INSERT INTO region_programs (region_id, program_id, rank, "
					"industry) VALUES (?, ?, ?, ?) ON CONFLICT (region_id, "
					"program_id) DO NOTHING");
			stmt_bind_int(st, 1, region_ids[ri]);
			stmt_bind_int(st, 2, picks[k].id);
			stmt_bind_int(st, 3, (int64_t)k + 1);
			stmt_bind_text(st, 4, picks[k].industry);
			if (stmt_step(st) != DB_DONE)
				rc = DB_ERR;
			stmt_done(st);
		}
	}
	catalog_touch(db);
	arena_release(&a);
	return rc;
}

#define GENERATE_CHUNK 20000
#define LISTING	       "data/provider-catalog-export.csv"

static int generate_programs(int n, uint64_t seed, int over_listing)
{
	struct seed_ctx c;
	size_t i, nind = sizeof(industries) / sizeof(industries[0]);
	int rc = 0;

	memset(&c, 0, sizeof(c));
	c.n = n;
	c.over_listing = over_listing;
	c.r.s = seed;
	c.order = malloc(nind * 20 * 32 * sizeof(*c.order));
	if (!c.order)
		return -1;
	/* combinations: industry << 10 | topic << 5 | pattern */
	for (i = 0; i < nind; i++)
		for (uint32_t t = 0; t < 20 && industries[i].topics[t]; t++)
			for (uint32_t k = 0; k < 22; k++)
				c.order[c.ncomb++] = ((uint32_t)i << 10) | (t << 5) | k;
	while (c.inserted < n && rc == 0) {
		c.stop_at = c.inserted + GENERATE_CHUNK < n ? c.inserted + GENERATE_CHUNK : n;
		rc = db_write(generate, &c);
	}
	free(c.order);
	if (rc == 0 && n > GENERATE_CHUNK) {
		rc = db_write(optimize_fn, NULL);
	}
	catalog_changed();
	return rc == 0 ? 0 : -1;
}

int catalog_generate(struct db *db, int n, uint64_t seed)
{
	(void)db;
	return generate_programs(n, seed, 0);
}

/* Imports the provider's listing shipped in data/ through the normal catalog import. Lines
 * the program does not offer (degrees, ...) are skipped by the import, with their reasons. */
static int import_listing(struct db *db)
{
	const struct embedded_file *f = NULL;
	struct catalog_import_opts o;
	struct catalog_import_report r;
	struct arena a;
	size_t i;
	int rc;

	for (i = 0; i < embedded_count; i++)
		if (!strcmp(embedded_files[i].name, LISTING))
			f = &embedded_files[i];
	if (!f)
		return -1;
	memset(&o, 0, sizeof(o));
	o.partial = 1;
	o.actor = "seed";
	o.file_name = &LISTING[5];
	arena_init(&a);
	rc = catalog_import_with(db, (const char *)f->data, f->len, &o, &a, &r);
	if (rc == 0 && (r.fatal || !r.applied))
		rc = -1;
	arena_release(&a);
	return rc;
}

#define SEED_PROGRAMS 4000
#define SEED_VALUE    0x4E59534B494C4CULL /* "NYSKILL" */

static int64_t program_count(struct db *db)
{
	struct stmt *st = db_prepare(db, "SELECT count(*) FROM programs");
	int64_t have = 0;

	if (stmt_step(st) == DB_ROW)
		have = stmt_int(st, 0);
	stmt_done(st);
	return have;
}

int catalog_seed(struct db *db)
{
	struct stmt *st;
	int64_t have = program_count(db);
	int curated = 0;

	if (have == 0) {
		if (import_listing(db) != 0)
			return -1;
		have = program_count(db);
		if (have < SEED_PROGRAMS &&
		    generate_programs((int)(SEED_PROGRAMS - have), SEED_VALUE, 1) != 0)
			return -1;
	}
	st = db_prepare(db, "SELECT count(*) FROM region_programs");
	if (stmt_step(st) == DB_ROW)
		curated = stmt_int(st, 0) > 0;
	stmt_done(st);
	if (!curated && db_write(curate, NULL) != 0)
		return -1;
	catalog_changed();
	return 0;
}
