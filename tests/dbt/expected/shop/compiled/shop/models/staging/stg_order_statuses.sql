select status, status_group, is_final
from "shop"."main__seeds"."order_status_map"