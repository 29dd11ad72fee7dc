-- signup.lua - wrk script: every request signs up a different person through the JSON API.
-- Each wrk thread numbers its own people, so e-mail addresses and name + birth date never
-- repeat within a run; RUN (an environment variable) keeps runs on one database apart.
local counties = { "Albany", "Kings", "Queens", "Bronx", "Erie", "Monroe", "Onondaga",
	"Suffolk", "Westchester", "Nassau", "New York", "Richmond", "Dutchess", "Broome" }
local towns = { Westchester = "Yonkers (city)", Nassau = "Hempstead" }
local statuses = { "unemployed", "unemployed", "unemployed", "dislocated", "layoff_notice",
	"employed_at_risk", "employed" }
local run = os.getenv("RUN") or tostring(os.time())
local threads = {}
local counter = 0

function setup(thread)
	thread:set("id", #threads + 1)
	table.insert(threads, thread)
end

function init(args)
	counter = 0
end

local headers = { ["Content-Type"] = "application/json" }

function request()
	counter = counter + 1
	local n = counter
	local county = counties[(n % #counties) + 1]
	local town = towns[county] or ""
	local status = statuses[(n % #statuses) + 1]
	local lang = (n % 5 == 0) and "es" or "en"
	local body = string.format(
		'{"first_name":"Bench%d","last_name":"Person%s-%d-%d","email":"p%s.%d.%d@bench.example",' ..
		'"phone":"518-555-0100","birth_date":"19%02d-%02d-%02d","county":"%s","town":"%s",' ..
		'"employment_status":"%s","covid_related":false,"dol_staff":false,"osos_id":"",' ..
		'"language":"%s","consent":true}',
		id, run, id, n, run, id, n, 50 + (n % 50), (n % 12) + 1, (n % 28) + 1, county, town,
		status, lang)
	return wrk.format("POST", "/api/v1/applications", headers, body)
end

local other = 0
function response(status, hdrs, body)
	if status ~= 201 then
		other = other + 1
		if other <= 3 then
			io.stderr:write("unexpected " .. status .. ": " .. body:sub(1, 200) .. "\n")
		end
	end
end

function done(summary, latency, requests)
	io.write(string.format("signup_errors %d\n", summary.errors.status + summary.errors.connect
		+ summary.errors.read + summary.errors.write + summary.errors.timeout))
	io.write(string.format("signup_requests %d\n", summary.requests))
	io.write(string.format("signup_latency_p50_ms %.2f\n", latency:percentile(50) / 1000))
	io.write(string.format("signup_latency_p99_ms %.2f\n", latency:percentile(99) / 1000))
end
