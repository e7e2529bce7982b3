#include "workloads/linearizability/operations.hpp"

#include <map>

namespace squall::lin {

std::vector<operation> pair_operations(const squall::history::history& events) {
    using squall::history::op_type;
    std::vector<operation> operations;
    std::map<std::int64_t, std::size_t> open_by_process;  // process -> index in `operations`
    for (std::size_t position = 0; position < events.size(); ++position) {
        const auto& event = events[position];
        if (!event.is_client()) { continue; }
        if (event.type == op_type::invoke) {
            // An open invocation left behind is already indeterminate; it stays in the list.
            operation o;
            o.process = event.process;
            o.f = event.f;
            o.input = event.value;
            o.call_position = std::int64_t(position);
            o.call_time_ns = event.time_ns;
            open_by_process[event.process] = operations.size();
            operations.push_back(std::move(o));
            continue;
        }
        const auto open = open_by_process.find(event.process);
        if (open == open_by_process.end()) { continue; }
        operation& o = operations[open->second];
        open_by_process.erase(open);
        o.error = event.error;
        if (event.type == op_type::info) { continue; }
        o.status = event.type == op_type::ok ? op_status::ok : op_status::failed;
        o.output = event.value;
        o.return_position = std::int64_t(position);
        o.return_time_ns = event.time_ns;
    }
    return operations;
}

}  // namespace squall::lin
