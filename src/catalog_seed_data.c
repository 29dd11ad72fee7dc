/* catalog_seed_data.c - the tables the catalog generator draws from: the FAQ's example titles,
 * well-known programs with their real partners (English and Spanish), topics per industry with
 * their skills, job titles and example partners, title patterns per kind and the audiences
 * added to titles once every combination has been used. Data only; see catalog_generator.c. */
#include "catalog_seed_data.h"

#include <stddef.h>

/* ---- the FAQ's example titles ------------------------------------------------------------- */

const struct named seed_faq_titles[] = {
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
const struct named seed_anchors[] = {
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
const struct named seed_anchors_es[] = {
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

const struct industry_topics seed_industries[] = {
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
const char *const seed_course_en[] = {
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
const char *const seed_spec_en[] = { "%s Specialization", "%s for Careers Specialization",
				     "Applied %s Specialization" };
const char *const seed_cert_en[] = { "%s Professional Certificate" }; /* %s = job title */
const char *const seed_guided_en[] = { "Hands-On %s Project", "%s: A Practical Guided Project" };
const char *const seed_course_es[] = { "Introducción a %s",	"Fundamentos de %s",
				       "%s para principiantes", "Curso práctico de %s",
				       "%s en el trabajo",	"Herramientas de %s" };
const char *const seed_spec_es[] = { "Especialización en %s" };
const char *const seed_cert_es[] = { "Certificado profesional de %s" }; /* puesto */

/* Added to titles once every topic and pattern has been used (the benchmark's 400,000). */
const char *const seed_audiences[] = {
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
const char *const seed_audiences_es[] = {
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
const size_t seed_faq_titles_len = sizeof(seed_faq_titles) / sizeof(seed_faq_titles[0]);
const size_t seed_anchors_len = sizeof(seed_anchors) / sizeof(seed_anchors[0]);
const size_t seed_anchors_es_len = sizeof(seed_anchors_es) / sizeof(seed_anchors_es[0]);
const size_t seed_industries_len = sizeof(seed_industries) / sizeof(seed_industries[0]);
